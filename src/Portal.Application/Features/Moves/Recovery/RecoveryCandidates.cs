using Portal.Application.Common;
using Portal.Application.Features.Restores;
using Portal.Domain.Moves;
using Portal.Moves.Preflight;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Moves.Recovery;

/// <summary>A namespace of the lost cluster as the portal last knew it, and how (or whether) it can be recovered.</summary>
/// <param name="Backup">The newest good backup the replacement can read; null when there is none (<see cref="Reason"/> says why).</param>
/// <param name="Rpo">The namespace's recovery-point status at this moment, in words.</param>
/// <param name="Notes">What the recovery cannot do for it (e.g. re-create GitOps whose spec the portal never recorded).</param>
/// <param name="GitOpsAction">What the recovery does with <see cref="GitOps"/>, in words (null when nothing deploys it).</param>
public sealed record RecoveryCandidate(Guid TenantNamespaceId, Guid TenantId, string Tenant, string Namespace, GitOpsReference? GitOps,
    RecoveryBackup? Backup, string Rpo, string? Reason, IReadOnlyList<string> Notes)
{
    public string? GitOpsAction { get; init; }

    public bool IsRecoverable => Backup is not null && Reason is null;
}

/// <summary>The backup a namespace would be recovered from.</summary>
/// <param name="SeenByReplacement">The replacement's Velero lists it already (synced from a shared location); else it has
/// a location on the same provider, bucket and prefix, Available (<see cref="ReplacementLocation"/>), and the recovery
/// waits for its sync.</param>
/// <param name="ReplacementLocation">The replacement's location that reads the backup's, when the portal knows it.</param>
public sealed record RecoveryBackup(string Name, string? StorageLocation, DateTimeOffset TakenAt, bool SeenByReplacement, string? ReplacementLocation = null);

/// <summary>What the portal knew of one namespace of the lost cluster (database only).</summary>
/// <param name="GitOpsRecordedAt">When the portal last recorded the GitOps object's spec (so it can be re-created); null when it never did.</param>
public sealed record LostNamespace(Guid TenantNamespaceId, Guid TenantId, string Tenant, string Namespace, GitOpsReference? GitOps, string Rpo,
    DateTimeOffset? GitOpsRecordedAt = null);

/// <summary>
/// Works out, for each namespace of a lost cluster, the newest good backup the replacement cluster can read: from the
/// backups the protection follower observed on the lost cluster (never asking it), the ones the replacement's Velero
/// lists (synced from a shared location), and the replacement's locations. Pure, so the rules are tested on their own.
/// </summary>
public static class RecoveryCandidates
{
    public static IReadOnlyList<RecoveryCandidate> Build(string lostCluster, string replacement, IReadOnlyList<LostNamespace> namespaces,
        IReadOnlyList<ObservedBackup> backups, IReadOnlyList<ObservedLocation> lostLocations, IReadOnlySet<string> replacementBackups,
        IReadOnlyList<BackupLocationFact> replacementLocations, IReadOnlyDictionary<string, Guid> takenOnReplacement, DateTimeOffset now)
    {
        var written = lostLocations.Where(l => l.Kind == LocationKind.BackupStorage)
            .GroupBy(l => l.Name).ToDictionary(g => g.Key, g => g.First());
        return namespaces.OrderBy(n => n.Tenant, StringComparer.Ordinal).ThenBy(n => n.Namespace, StringComparer.Ordinal).Select(ns =>
        {
            var notes = new List<string>();
            if (ns.GitOps is { Kind: not GitOpsKind.None } g && ns.GitOpsRecordedAt is null)
                notes.Add($"{g} deployed it; the portal never recorded its spec, so the recovery restores from the backup only and re-creates it only if {replacement} has it already. Re-create it from Git, pointed at {replacement}.");
            if (takenOnReplacement.TryGetValue(ns.Namespace, out var owner) && owner != ns.TenantId)
                return new RecoveryCandidate(ns.TenantNamespaceId, ns.TenantId, ns.Tenant, ns.Namespace, ns.GitOps, null, ns.Rpo,
                    $"Namespace {ns.Namespace} on {replacement} belongs to another tenant: it cannot be restored there.", notes);
            var good = backups.Where(b => b.IsGood && !b.ClusterResourcesOnly && b.Covers(ns.Namespace) && b.PointInTime is not null
                                          && (b.Expiration is null || b.Expiration > now))
                .OrderByDescending(b => b.PointInTime).ToList();
            if (good.Count == 0)
                return new RecoveryCandidate(ns.TenantNamespaceId, ns.TenantId, ns.Tenant, ns.Namespace, ns.GitOps, null, ns.Rpo,
                    $"The portal never saw a completed, unexpired backup of {ns.Namespace} on {lostCluster}: it cannot be recovered from a backup.", notes);
            string? why = null;
            foreach (var b in good)
            {
                if (replacementBackups.Contains(b.Name))
                    return Usable(ns, b, seen: true, null, notes);
                var reads = ReadBy(replacement, b.StorageLocation is { } l ? written.GetValueOrDefault(l) : null, b.StorageLocation, replacementLocations);
                if (reads.IsSuccess) return Usable(ns, b, seen: false, reads.Value, notes);
                if (b == good[0]) why = reads.Error!.Message;
            }
            return new RecoveryCandidate(ns.TenantNamespaceId, ns.TenantId, ns.Tenant, ns.Namespace, ns.GitOps, null, ns.Rpo,
                $"Its newest backup {good[0].Name} is not listed by {replacement}, and {replacement} cannot read it: {why} Then build the plan again.", notes);
        }).Select(c => c with { GitOpsAction = GitOpsAction(namespaces.First(n => n.TenantNamespaceId == c.TenantNamespaceId), replacement) }).ToList();
    }

    /// <summary>What the recovery does with the namespace's GitOps object, in words.</summary>
    public static string? GitOpsAction(LostNamespace ns, string replacement) => ns.GitOps switch
    {
        null or { Kind: GitOpsKind.None } => null,
        { Kind: GitOpsKind.ArgoCdApplication } g when ns.GitOpsRecordedAt is { } at =>
            $"Re-created on {replacement} after the data is restored, deploying to {ns.Namespace} there (spec as recorded {at:yyyy-MM-dd HH:mm} UTC).",
        { } g when ns.GitOpsRecordedAt is { } at =>
            $"Re-created on {replacement} in {g.Namespace} after the data is restored, with its source if {replacement} lacks it (spec as recorded {at:yyyy-MM-dd HH:mm} UTC).",
        _ => "Not re-created: the portal never recorded its spec.",
    };

    private static RecoveryCandidate Usable(LostNamespace ns, ObservedBackup b, bool seen, string? replacementLocation, List<string> notes) =>
        new(ns.TenantNamespaceId, ns.TenantId, ns.Tenant, ns.Namespace, ns.GitOps,
            new RecoveryBackup(b.Name, b.StorageLocation, b.PointInTime!.Value, seen, replacementLocation), ns.Rpo, null, notes);

    /// <summary>The replacement's location that reads a backup kept in the lost cluster's location <paramref name="name"/>,
    /// by the one rule DR restores use (provider, bucket and prefix; <see cref="CrossClusterRestoreCheck.LocationOn(string, IReadOnlyList{BackupLocationFact}, BackupLocationFact)"/>).</summary>
    public static Result<string> ReadBy(string replacement, ObservedLocation? location, string? name, IReadOnlyList<BackupLocationFact> replacementLocations) =>
        location is null
            ? Error.Validation($"the portal never saw the location {(name is null ? "of the backup" : $"\"{name}\"")} on the lost cluster, so it cannot tell which bucket holds the backup.")
            : string.IsNullOrEmpty(location.Bucket)
                ? Error.Validation($"the portal did not record the bucket and prefix of location \"{location.Name}\" while the cluster answered, so it cannot tell which location of {replacement} reads it.")
                : CrossClusterRestoreCheck.LocationOn(replacement, replacementLocations, Fact(location));

    /// <summary>A location of the lost cluster as the portal last saw it, in the moves' terms.</summary>
    public static BackupLocationFact Fact(ObservedLocation l) =>
        new(l.Name, l.Provider ?? "", l.Bucket ?? "", l.Prefix, l.Phase, l.AccessMode, l.Url);
}
