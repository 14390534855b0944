using Portal.Domain.Common;

namespace Portal.Domain.Protection;

/// <summary>What a policy protects: a namespace (with everything in it), or a cluster's cluster-scoped resources
/// (CRDs, StorageClasses, ClusterRoles, ...), which belong to no tenant and only platform engineers protect.</summary>
public enum ProtectionTarget { Namespace, ClusterResources }

/// <summary>
/// A named way of protecting something continuously ("gold: every hour, keep 7 days, RPO 2 h, CSI snapshots moved to
/// object storage"). Platform engineers define policies and say which tenants may use them; a protection applies one
/// to a namespace as a Velero Schedule. Cron syntax and the zone are checked by the application (which has the cron
/// parser) before this is made or changed.
/// </summary>
public sealed class ProtectionPolicy : Entity
{
    private ProtectionPolicy()
    {
        Name = Cron = TimeZone = CreatedBy = "";
        ExcludedResources = [];
        Hooks = [];
    }

    public ProtectionPolicy(string name, ProtectionTarget target, ProtectionPolicySettings settings, string createdBy, DateTimeOffset now) : this()
    {
        if (KubernetesName.ExplainInvalidLabel(name, "policy name") is { } why) throw new DomainException(why);
        Name = name;
        Target = target;
        CreatedBy = createdBy;
        CreatedAt = now;
        Apply(settings, now);
    }

    public string Name { get; private set; }
    public string? Description { get; private set; }
    public ProtectionTarget Target { get; private set; }
    /// <summary>Five-field cron, evaluated in <see cref="TimeZone"/> (an IANA zone; Velero's <c>CRON_TZ=</c> prefix).</summary>
    public string Cron { get; private set; }
    public string TimeZone { get; private set; }
    /// <summary>How long each backup is kept (the backup's TTL).</summary>
    public TimeSpan Retention { get; private set; }
    /// <summary>The recovery point objective: the newest good backup may be at most this old.</summary>
    public TimeSpan TargetRpo { get; private set; }
    public VolumeProtection Volumes { get; private set; }
    /// <summary>The backup storage location; null for the cluster's default.</summary>
    public string? StorageLocation { get; private set; }
    /// <summary>Resources left out, as Velero names them (<c>secrets</c>, <c>events.events.k8s.io</c>).</summary>
    public List<string> ExcludedResources { get; private set; }
    public List<BackupHook> Hooks { get; private set; }
    /// <summary>Whether ready CSI snapshots of every claim of a namespace count as a recovery point for its RPO status (off
    /// by default: snapshots live on the cluster, so they never stand in for a backup when the cluster is lost).</summary>
    public bool CountsSnapshots { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Retired policies protect what they protect until it is moved to another, and take no new namespaces.</summary>
    public DateTimeOffset? RetiredAt { get; private set; }
    public bool IsRetired => RetiredAt is not null;

    /// <summary>Optimistic concurrency: two platform engineers editing at once cannot both win.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// <summary>Changes what the policy does. Namespaces on it keep their old Schedule until a request re-applies it
    /// (the application submits one per protection).</summary>
    public void Change(ProtectionPolicySettings settings, DateTimeOffset now)
    {
        if (IsRetired) throw new DomainException($"Policy {Name} is retired.");
        Apply(settings, now);
    }

    public void Retire(DateTimeOffset now)
    {
        if (IsRetired) throw new DomainException($"Policy {Name} is already retired.");
        RetiredAt = UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>Whether a namespace on this policy meets a tenant's minimum <paramref name="minimum"/>: a target RPO no
    /// longer, backups kept no shorter, and volume data protected at least as durably ("gold or better").</summary>
    public bool Meets(ProtectionPolicy minimum) =>
        Id == minimum.Id
        || (TargetRpo <= minimum.TargetRpo && Retention >= minimum.Retention && Volumes.Durability() >= minimum.Volumes.Durability());

    /// <summary>Why this policy falls short of <paramref name="minimum"/>, in words; null when it meets it.</summary>
    public string? ShortOf(ProtectionPolicy minimum)
    {
        if (Meets(minimum)) return null;
        var reasons = new List<string>();
        if (TargetRpo > minimum.TargetRpo) reasons.Add($"its RPO is {Durations.Words(TargetRpo)} (at most {Durations.Words(minimum.TargetRpo)} needed)");
        if (Retention < minimum.Retention) reasons.Add($"it keeps backups {Durations.Words(Retention)} (at least {Durations.Words(minimum.Retention)} needed)");
        if (Volumes.Durability() < minimum.Volumes.Durability())
            reasons.Add($"its volumes are protected by {Volumes.Display()} ({minimum.Volumes.Display()} or better needed)");
        return $"{Name} is below {minimum.Name}: {string.Join("; ", reasons)}.";
    }

    private void Apply(ProtectionPolicySettings s, DateTimeOffset now)
    {
        if (s.Problem() is { } problem) throw new DomainException(problem);
        Description = string.IsNullOrWhiteSpace(s.Description) ? null : s.Description.Trim();
        Cron = s.Cron.Trim();
        TimeZone = s.TimeZone.Trim();
        Retention = s.Retention;
        TargetRpo = s.TargetRpo;
        Volumes = Target == ProtectionTarget.ClusterResources ? VolumeProtection.None : s.Volumes;
        StorageLocation = string.IsNullOrWhiteSpace(s.StorageLocation) ? null : s.StorageLocation.Trim();
        ExcludedResources = s.ExcludedResources.Select(r => r.Trim()).ToList();
        Hooks = Target == ProtectionTarget.ClusterResources ? [] : s.Hooks.ToList();
        CountsSnapshots = Target == ProtectionTarget.Namespace && s.CountSnapshots;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}

/// <summary>Everything about a policy that can be changed after it is made.</summary>
public sealed record ProtectionPolicySettings(string Cron, string TimeZone, TimeSpan Retention, TimeSpan TargetRpo, VolumeProtection Volumes,
    string? StorageLocation, IReadOnlyList<string> ExcludedResources, IReadOnlyList<BackupHook> Hooks, string? Description = null, bool CountSnapshots = false)
{
    public const int MaxDescription = 500;

    /// <summary>What is wrong, in words (cron and zone are the application's to check); null when it is fine.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Cron)) return "Give the schedule as a cron expression (five fields).";
        if (string.IsNullOrWhiteSpace(TimeZone)) return "Choose the time zone the schedule runs in.";
        if (Retention < TimeSpan.FromHours(1)) return "Keep backups at least an hour.";
        if (TargetRpo < TimeSpan.FromMinutes(5)) return "The target RPO must be at least 5 minutes.";
        if (Retention < TargetRpo)
            return $"Keep backups at least as long as the target RPO ({Durations.Words(TargetRpo)}): otherwise the newest backup can expire before the next one is made.";
        if (Description is { Length: > MaxDescription }) return $"Keep the description to {MaxDescription} characters (it has {Description.Length}).";
        if (StorageLocation is { Length: > 0 } bsl && KubernetesName.ExplainInvalidLabel(bsl.Trim(), "storage location") is { } where) return where;
        foreach (var r in ExcludedResources)
            if (string.IsNullOrWhiteSpace(r) || r.Trim().Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '*')))
                return $"\"{r}\" is not a resource name as Velero takes it (lower-case plural, optionally with its group: secrets, events.events.k8s.io).";
        if (ExcludedResources.Select(r => r.Trim()).GroupBy(r => r).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return $"{twice.Key} is left out twice: list each resource once.";
        foreach (var h in Hooks)
            if (h.Problem() is { } hook) return hook;
        if (Hooks.Select(h => h.Name).Distinct().Count() != Hooks.Count) return "Give each hook its own name.";
        return null;
    }
}

public static class VolumeProtectionText
{
    public static string Display(this VolumeProtection v) => v switch
    {
        VolumeProtection.None => "no volume data",
        VolumeProtection.FileSystemBackup => "file-system backup",
        VolumeProtection.CsiSnapshots => "CSI snapshots",
        VolumeProtection.CsiSnapshotsMovedToObjectStorage => "CSI snapshots moved to object storage",
        _ => v.ToString(),
    };

    /// <summary>How well the volumes' data survives: none, on the storage system that holds it, or copied off it.</summary>
    public static int Durability(this VolumeProtection v) => v switch
    {
        VolumeProtection.None => 0,
        VolumeProtection.CsiSnapshots => 1,
        _ => 2,
    };
}
