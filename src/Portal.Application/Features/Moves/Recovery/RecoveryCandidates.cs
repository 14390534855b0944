using Portal.Domain.Moves;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Moves.Recovery;

/// <summary>A namespace of the lost cluster as the portal last knew it, and how (or whether) it can be recovered.</summary>
/// <param name="Backup">The newest good backup the replacement can read; null when there is none (<see cref="Reason"/> says why).</param>
/// <param name="Rpo">The namespace's recovery-point status at this moment, in words.</param>
/// <param name="Notes">What the recovery cannot do for it (e.g. re-create GitOps whose spec the portal never recorded).</param>
public sealed record RecoveryCandidate(Guid TenantNamespaceId, Guid TenantId, string Tenant, string Namespace, GitOpsReference? GitOps,
    RecoveryBackup? Backup, string Rpo, string? Reason, IReadOnlyList<string> Notes)
{
    public bool IsRecoverable => Backup is not null && Reason is null;
}

/// <summary>The backup a namespace would be recovered from.</summary>
/// <param name="SeenByReplacement">The replacement's Velero lists it already (synced from a shared location); else it has
/// a location of the same name and provider, Available, and the recovery waits for its sync.</param>
public sealed record RecoveryBackup(string Name, string? StorageLocation, DateTimeOffset TakenAt, bool SeenByReplacement);

/// <summary>A backup storage location of the replacement cluster, as its Velero reports it now.</summary>
public sealed record ReplacementLocation(string Name, string Provider, bool IsAvailable);

/// <summary>What the portal knew of one namespace of the lost cluster (database only).</summary>
public sealed record LostNamespace(Guid TenantNamespaceId, Guid TenantId, string Tenant, string Namespace, GitOpsReference? GitOps, string Rpo);

/// <summary>
/// Works out, for each namespace of a lost cluster, the newest good backup the replacement cluster can read: from the
/// backups the protection follower observed on the lost cluster (never asking it), the ones the replacement's Velero
/// lists (synced from a shared location), and the replacement's locations. Pure, so the rules are tested on their own.
/// </summary>
public static class RecoveryCandidates
{
    public static IReadOnlyList<RecoveryCandidate> Build(string lostCluster, string replacement, IReadOnlyList<LostNamespace> namespaces,
        IReadOnlyList<ObservedBackup> backups, IReadOnlyList<ObservedLocation> lostLocations, IReadOnlySet<string> replacementBackups,
        IReadOnlyList<ReplacementLocation> replacementLocations, IReadOnlyDictionary<string, Guid> takenOnReplacement, DateTimeOffset now)
    {
        var providers = lostLocations.Where(l => l.Kind == LocationKind.BackupStorage)
            .GroupBy(l => l.Name).ToDictionary(g => g.Key, g => g.First().Provider);
        return namespaces.OrderBy(n => n.Tenant, StringComparer.Ordinal).ThenBy(n => n.Namespace, StringComparer.Ordinal).Select(ns =>
        {
            var notes = new List<string>();
            if (ns.GitOps is { Kind: not GitOpsKind.None } g)
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
            foreach (var b in good)
            {
                if (replacementBackups.Contains(b.Name))
                    return Usable(ns, b, seen: true, notes);
                var provider = b.StorageLocation is { } l ? providers.GetValueOrDefault(l) : null;
                if (b.StorageLocation is { } loc && replacementLocations.Any(r => r.Name == loc && r.IsAvailable && (provider is null || r.Provider == provider)))
                    return Usable(ns, b, seen: false, notes);
            }
            var newest = good[0];
            var where = newest.StorageLocation is { } name ? $"location {name}{(providers.GetValueOrDefault(name) is { } p ? $" ({p})" : "")}" : "an unknown location";
            var has = replacementLocations.Count == 0 ? "has no backup storage location"
                : $"has {string.Join(", ", replacementLocations.Select(r => $"{r.Name} ({r.Provider}{(r.IsAvailable ? "" : ", not Available")})"))}";
            return new RecoveryCandidate(ns.TenantNamespaceId, ns.TenantId, ns.Tenant, ns.Namespace, ns.GitOps, null, ns.Rpo,
                $"Its newest backup {newest.Name} is in {where}, which {replacement} does not read ({replacement} {has} and does not list the backup): " +
                $"add a location there with the same provider, bucket and prefix (ReadOnly is enough), then build the plan again.", notes);
        }).ToList();
    }

    private static RecoveryCandidate Usable(LostNamespace ns, ObservedBackup b, bool seen, List<string> notes) =>
        new(ns.TenantNamespaceId, ns.TenantId, ns.Tenant, ns.Namespace, ns.GitOps,
            new RecoveryBackup(b.Name, b.StorageLocation, b.PointInTime!.Value, seen), ns.Rpo, null, notes);
}
