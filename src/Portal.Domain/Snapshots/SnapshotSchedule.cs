using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Domain.Snapshots;

/// <summary>
/// CSI snapshots on a schedule (CSI has no scheduler of its own): of claims of one namespace, or of every claim a workload
/// mounts, on a five-field cron in an IANA zone (checked by the application's one cron check), keeping the last
/// <see cref="KeepLast"/> and/or those younger than <see cref="KeepDays"/> days. The portal's scheduler (the drills' one) claims a
/// due row by its <see cref="Version"/>, moves <see cref="NextDueAt"/> past now (a run missed during downtime is made up once,
/// never in a burst) and submits a "snapshot now" request labelled with the schedule's id; retention deletes only those.
/// </summary>
public sealed class SnapshotSchedule : Entity, IClusterScoped
{
    public const int MaxKeepLast = 1000;
    public const int MaxKeepDays = 3650;

    private SnapshotSchedule() { Namespace = Cron = TimeZone = CreatedBy = ""; Claims = []; }

    public SnapshotSchedule(Guid tenantId, Guid clusterId, string @namespace, SnapshotScheduleSettings settings, string createdBy,
        DateTimeOffset nextDue, DateTimeOffset now) : this()
    {
        if (tenantId == Guid.Empty) throw new DomainException("A namespace's snapshot schedule is its tenant's.");
        if (KubernetesName.ExplainInvalidLabel(@namespace, "namespace name") is { } why) throw new DomainException(why);
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        CreatedBy = createdBy;
        CreatedAt = now;
        Change(settings, nextDue, now);
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public string Namespace { get; private set; }
    /// <summary>The claims snapshotted (empty when <see cref="WorkloadKind"/> is set: the workload's claims at each run).</summary>
    public List<string> Claims { get; private set; }
    public string? WorkloadKind { get; private set; }
    public string? WorkloadName { get; private set; }
    public string? SnapshotClass { get; private set; }
    public SnapshotConsistency Consistency { get; private set; }
    /// <summary>The registered database whose checkpoint runs before each snapshot (consistency <see cref="SnapshotConsistency.DatabaseCheckpoint"/>).</summary>
    public Guid? DatabaseId { get; private set; }
    public string Cron { get; private set; }
    public string TimeZone { get; private set; }
    public int? KeepLast { get; private set; }
    public int? KeepDays { get; private set; }
    public bool Enabled { get; private set; } = true;
    public DateTimeOffset? LastRunAt { get; private set; }
    public DateTimeOffset NextDueAt { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: two replicas claiming the same due run cannot both win.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    public WorkloadReference? Workload => WorkloadKind is null || WorkloadName is null ? null : new WorkloadReference(WorkloadKind, WorkloadName);

    public void Change(SnapshotScheduleSettings settings, DateTimeOffset nextDue, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problem() is { } problem) throw new DomainException(problem);
        Claims = settings.Workload is null ? settings.Claims.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList() : [];
        WorkloadKind = settings.Workload?.Kind;
        WorkloadName = settings.Workload?.Name;
        SnapshotClass = string.IsNullOrWhiteSpace(settings.SnapshotClass) ? null : settings.SnapshotClass.Trim();
        Consistency = settings.Consistency;
        DatabaseId = settings.DatabaseId;
        Cron = settings.Cron.Trim();
        TimeZone = settings.TimeZone.Trim();
        KeepLast = settings.KeepLast;
        KeepDays = settings.KeepDays;
        Enabled = settings.Enabled;
        NextDueAt = nextDue.ToUniversalTime();
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>The scheduler ran the schedule; the next run is the first occurrence after now, so runs missed while the portal
    /// was down are made up by this one run only.</summary>
    public void Ran(DateTimeOffset now, DateTimeOffset nextDue)
    {
        if (nextDue <= now) throw new DomainException("The next run must be after this one.");
        LastRunAt = now;
        NextDueAt = nextDue.ToUniversalTime();
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>Of the schedule's snapshots (name, creation time; any order), those its retention deletes at <paramref name="now"/>:
    /// beyond the last <see cref="KeepLast"/>, or older than <see cref="KeepDays"/> days; never the newest ready one.</summary>
    public IReadOnlyList<string> Expired(IEnumerable<(string Name, DateTimeOffset CreatedAt, bool Ready)> snapshots, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var ordered = snapshots.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Name, StringComparer.Ordinal).ToList();
        var newestReady = ordered.FirstOrDefault(s => s.Ready).Name;
        return ordered.Where((s, i) => s.Name != newestReady
                && ((KeepLast is { } n && i >= n) || (KeepDays is { } d && s.CreatedAt < now - TimeSpan.FromDays(d))))
            .Select(s => s.Name).ToList();
    }
}

/// <summary>Everything about a snapshot schedule that can be changed.</summary>
public sealed record SnapshotScheduleSettings(IReadOnlyList<string> Claims, WorkloadReference? Workload, string? SnapshotClass,
    SnapshotConsistency Consistency, string Cron, string TimeZone, int? KeepLast, int? KeepDays, bool Enabled = true, Guid? DatabaseId = null)
{
    /// <summary>What is wrong, in words (cron and zone are the application's to check); null when it is fine.</summary>
    public string? Problem()
    {
        if (Workload is null && (Claims is null || Claims.Count == 0)) return "Choose the claim or the workload to snapshot.";
        if (Workload is null && Claims!.Select(c => KubernetesName.ExplainInvalidSubdomain(c, "claim name")).FirstOrDefault(w => w is not null) is { } bad) return bad;
        if (Workload is { } w && (w.Kind is not ("Deployment" or "StatefulSet") || KubernetesName.ExplainInvalidSubdomain(w.Name, "workload name") is not null))
            return $"{w} is not a Deployment or StatefulSet name.";
        if (SnapshotConsistencyRules.Problem(Consistency, Workload, DatabaseId) is { } consistency) return consistency;
        if (KeepLast is null && KeepDays is null) return "Say how many snapshots to keep (the last N, or those of the last N days, or both).";
        if (KeepLast is < 1 or > SnapshotSchedule.MaxKeepLast) return $"Keep between 1 and {SnapshotSchedule.MaxKeepLast} snapshots (you asked for {KeepLast}).";
        if (KeepDays is < 1 or > SnapshotSchedule.MaxKeepDays) return $"Keep snapshots between 1 and {SnapshotSchedule.MaxKeepDays} days (you asked for {KeepDays}).";
        return null;
    }
}
