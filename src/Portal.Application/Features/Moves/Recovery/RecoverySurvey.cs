using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Protection.Status;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Recovery;

/// <summary>
/// Reads what a recovery plan is built from: what the portal last knew of the lost cluster (its tenants' namespaces,
/// the GitOps objects the follower recorded there (else those its migrations saw), the backups and locations the protection follower observed, each
/// namespace's RPO status now), all from the database, and what the replacement's Velero sees now (the backups it lists
/// and its locations). The lost cluster is never asked.
/// </summary>
public sealed class RecoverySurvey(NamespaceStatusReader rpo, IClusterGateway velero, IMigrationClusterGateway moves, ClusterConnections connections)
{
    public async Task<Result<IReadOnlyList<RecoveryCandidate>>> ReadAsync(IPortalDbContext db, Cluster lost, Cluster replacement, DateTimeOffset now,
        CancellationToken ct)
    {
        var namespaces = await LostNamespacesAsync(db, lost, now, ct);
        var backups = await db.ObservedBackups.AsNoTracking().Where(b => b.ClusterId == lost.Id && b.Phase == "Completed").ToListAsync(ct);
        var locations = await db.ObservedLocations.AsNoTracking().Where(l => l.ClusterId == lost.Id).ToListAsync(ct);
        var taken = await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == replacement.Id)
            .Select(n => new { n.Namespace, n.TenantId }).ToListAsync(ct);
        HashSet<string> seen;
        IReadOnlyList<Portal.Moves.Preflight.BackupLocationFact> replacementLocations;
        try
        {
            var conn = connections.For(replacement);
            var veleroNs = ClusterConnections.VeleroNamespaceOf(replacement);
            seen = (await velero.ListBackupsAsync(conn, veleroNs, ct)).Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
            var facts = await moves.ReadFactsAsync(conn, veleroNs, ct);
            replacementLocations = facts.BackupLocations;
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable($"The replacement {replacement.Name} could not be read: {ex.Message} Choose another replacement, or try again when it answers.");
        }
        return RecoveryCandidates.Build(lost.Name, replacement.Name, namespaces, backups, locations, seen, replacementLocations,
            taken.GroupBy(t => t.Namespace).ToDictionary(g => g.Key, g => g.First().TenantId), now).ToList();
    }

    /// <summary>Every namespace the portal knows on the lost cluster, its tenant, the GitOps object recorded for it (by a
    /// migration off the cluster, or one that moved it there), and its RPO status now, in words.</summary>
    public async Task<IReadOnlyList<LostNamespace>> LostNamespacesAsync(IPortalDbContext db, Cluster lost, DateTimeOffset now, CancellationToken ct)
    {
        var owned = await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == lost.Id).ToListAsync(ct);
        var tenants = await TenantNames.ForAsync(db, owned.Select(n => n.TenantId), ct);
        var from = await db.MigrationApplications.AsNoTracking().Where(a => a.ClusterId == lost.Id)
            .Select(a => new { Namespace = a.SourceNamespace, a.GitOps, a.UpdatedAt }).ToListAsync(ct);
        var into = await db.MigrationApplications.AsNoTracking()
            .Where(a => a.Status == MigrationApplicationStatus.Moved && db.MigrationPlans.Any(p => p.Id == a.PlanId && p.TargetClusterId == lost.Id))
            .Select(a => new { Namespace = a.TargetNamespace, a.GitOps, a.UpdatedAt }).ToListAsync(ct);
        var gitOps = from.Concat(into).Where(a => a.GitOps.Kind != GitOpsKind.None).GroupBy(a => a.Namespace)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.UpdatedAt).First().GitOps);
        // What the follower recorded while the cluster answered wins over what a migration once saw: it has the spec.
        var recorded = (await db.ObservedGitOpsObjects.AsNoTracking().Where(o => o.ClusterId == lost.Id)
                .Select(o => new { o.ManagedNamespace, o.Kind, o.Name, o.Namespace, o.ObservedAt }).ToListAsync(ct))
            .GroupBy(o => o.ManagedNamespace)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.Kind).ThenBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).First());
        var status = (await rpo.ReadAsync(db, new NamespaceStatusFilter(ClusterId: lost.Id), now, ct))
            .Where(s => s.NamespaceId is not null).ToDictionary(s => s.NamespaceId!.Value);
        return owned.Select(n =>
        {
            var rec = recorded.GetValueOrDefault(n.Namespace);
            return new LostNamespace(n.Id, n.TenantId, tenants.GetValueOrDefault(n.TenantId, "?"), n.Namespace,
                rec is not null ? new GitOpsReference(rec.Kind, rec.Name, rec.Namespace) : gitOps.GetValueOrDefault(n.Namespace),
                status.TryGetValue(n.Id, out var s) ? $"{s.Verdict.Status}: {s.Verdict.Reason}" : "not known", rec?.ObservedAt);
        }).ToList();
    }
}
