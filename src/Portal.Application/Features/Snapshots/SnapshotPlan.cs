using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots;

/// <summary>One VolumeSnapshot to take: of <paramref name="Claim"/>, with <paramref name="SnapshotClass"/> (of the claim's
/// <paramref name="Driver"/>), named <paramref name="Name"/>.</summary>
public sealed record PlannedSnapshot(string Claim, string SnapshotClass, string Driver, string Name);

/// <summary>What a "snapshot now" takes, decided from the cluster as it is: the use case checks it when the request is made,
/// the executor again right before it writes. Every refusal is in words, naming the claim, class or driver.</summary>
public static class SnapshotPlan
{
    /// <summary>The snapshots to take, or why none can be.</summary>
    public static (IReadOnlyList<PlannedSnapshot> Plan, string? Why) Make(VolumeSnapshotParameters p, string reference, string @namespace, string cluster,
        IReadOnlyList<SnapshotClaimInfo> claims, IReadOnlyList<SnapshotClassInfo> classes)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(classes);
        List<SnapshotClaimInfo> chosen;
        if (p.Workload is { } w)
        {
            if (!claims.Any(c => c.UsedBy.Contains(w)) && !p.Claims.Any())
                return ([], $"{w} in namespace {@namespace} on {cluster} mounts no claim (or no longer exists): there is nothing to snapshot.");
            chosen = claims.Where(c => c.UsedBy.Contains(w) || p.Claims.Contains(c.Name, StringComparer.Ordinal)).ToList();
        }
        else
        {
            chosen = [];
            foreach (var name in p.Claims.Distinct(StringComparer.Ordinal))
            {
                var claim = claims.FirstOrDefault(c => c.Name == name);
                if (claim is null) return ([], $"Claim {name} does not exist in namespace {@namespace} on {cluster} (deleted since?).");
                chosen.Add(claim);
            }
        }

        if (chosen.Count == 0) return ([], "Choose the claim or the workload to snapshot.");
        var plan = new List<PlannedSnapshot>();
        foreach (var claim in chosen)
        {
            if (claim.Phase != "Bound")
                return ([], $"Claim {claim.Name} is {claim.Phase}, not bound to a volume: there is nothing to snapshot yet.");
            if (claim.InTree)
                return ([], $"Claim {claim.Name} is on an in-tree volume ({claim.VolumeName}), not a CSI one: it cannot be snapshotted. A Velero backup with file system backup can copy it.");
            if (claim.Provisioner is not { Length: > 0 } driver)
                return ([], $"Claim {claim.Name} has no storage class with a CSI driver, so no snapshot class can take it.");
            var (cls, why) = ClassFor(p.SnapshotClass, driver, claim.Name, cluster, classes);
            if (why is not null) return ([], why);
            plan.Add(new PlannedSnapshot(claim.Name, cls!.Name, driver, Name(claim.Name, reference)));
        }

        return (plan, null);
    }

    private static (SnapshotClassInfo? Class, string? Why) ClassFor(string? asked, string driver, string claim, string cluster,
        IReadOnlyList<SnapshotClassInfo> classes)
    {
        if (!string.IsNullOrWhiteSpace(asked))
        {
            var named = classes.FirstOrDefault(c => c.Name == asked);
            if (named is null) return (null, $"Snapshot class {asked} does not exist on {cluster}.");
            return named.Driver == driver ? (named, null)
                : (null, $"Snapshot class {asked} is for driver {named.Driver}, but claim {claim}'s volume is made by {driver}: choose a class of {driver}.");
        }

        var ofDriver = classes.Where(c => c.Driver == driver).ToList();
        if (ofDriver.Count == 0)
            return (null, $"No snapshot class on {cluster} is for driver {driver}, so claim {claim} cannot be snapshotted (a storage administrator can add one).");
        var defaults = ofDriver.Where(c => c.IsDefault).ToList();
        if (defaults.Count == 1) return (defaults[0], null);
        if (ofDriver.Count == 1) return (ofDriver[0], null);
        return (null, $"{ofDriver.Count} snapshot classes on {cluster} are for driver {driver} ({string.Join(", ", ofDriver.Select(c => c.Name))}) and "
            + (defaults.Count == 0 ? "none is" : "several are") + " the default: choose one.");
    }

    /// <summary>The VolumeSnapshot of <paramref name="claim"/> for the request of <paramref name="reference"/>: a DNS label
    /// (at most 63 characters) whatever the claim's name.</summary>
    public static string Name(string claim, string reference)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(reference);
        var stem = new string(claim.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray());
        var room = 63 - "-snap-".Length - reference.Length;
        stem = stem.Length > room ? stem[..room] : stem;
        stem = stem.Trim('-');
        return $"{(stem.Length == 0 ? "claim" : stem)}-snap-{reference}";
    }

    /// <summary>The VolumeGroupSnapshot of the request of <paramref name="reference"/>.</summary>
    public static string GroupName(string reference) => $"group-snap-{reference}";

    /// <summary>Labels shared by every chosen claim that select exactly them among the namespace's claims; null when there are none
    /// (then the portal labels the claims itself, and says so).</summary>
    public static IReadOnlyDictionary<string, string>? SharedSelector(IReadOnlyList<string> chosen, IReadOnlyList<SnapshotClaimInfo> claims)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(claims);
        var picked = claims.Where(c => chosen.Contains(c.Name, StringComparer.Ordinal)).ToList();
        if (picked.Count == 0 || picked.Any(c => c.Labels is null || c.Labels.Count == 0)) return null;
        var shared = picked[0].Labels!.Where(l => picked.All(c => c.Labels!.TryGetValue(l.Key, out var v) && v == l.Value))
            .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        if (shared.Count == 0) return null;
        var selected = claims.Where(c => c.Labels is not null && shared.All(l => c.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Select(c => c.Name);
        return selected.ToHashSet(StringComparer.Ordinal).SetEquals(chosen) ? shared : null;
    }
}

/// <summary>What a snapshot run has done so far (kept as the request's result, so a restart in the middle picks it up): the
/// snapshots it takes, the workload it scaled down with the replicas it had (so it is always scaled back to them), and the
/// database checkpoint's Job (named before it is made) and when it ended.</summary>
public sealed record SnapshotRunState(IReadOnlyList<PlannedSnapshot>? Snapshots, string? GroupName, WorkloadReference? Scaled, int? OriginalReplicas,
    bool ScaledBack, IReadOnlyList<string>? Taken = null, string? CheckpointJob = null, DateTimeOffset? CheckpointedAt = null)
{
    public static SnapshotRunState? Read(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : System.Text.Json.JsonSerializer.Deserialize<SnapshotRunState>(json);

    public string Write() => System.Text.Json.JsonSerializer.Serialize(this);
}
