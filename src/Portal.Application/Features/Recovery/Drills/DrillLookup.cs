using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Recovery;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Recovery.Drills;

/// <summary>Finding what a drill use case is about, with the caller's rights checked the same way everywhere.</summary>
internal static class DrillLookup
{
    /// <summary>The tenant's namespace, if the caller may see it; another tenant's namespace does not exist for the caller.</summary>
    public static async Task<TenantNamespace?> NamespaceAsync(IPortalDbContext db, AccessContext caller, Guid tenantNamespaceId, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.TenantNamespaces : db.TenantNamespaces.AsNoTracking();
        var ns = await query.FirstOrDefaultAsync(n => n.Id == tenantNamespaceId, ct);
        return ns is not null && caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId) ? ns : null;
    }

    /// <summary>A drill the caller may see.</summary>
    public static async Task<RestoreDrill?> DrillAsync(IPortalDbContext db, AccessContext caller, Guid drillId, CancellationToken ct)
    {
        var drill = await db.RestoreDrills.AsNoTracking().FirstOrDefaultAsync(d => d.Id == drillId, ct);
        return drill is not null && caller.Can(Permission.ViewTenant, drill.TenantId, drill.ClusterId) ? drill : null;
    }

    /// <summary>Cluster names by id, for views.</summary>
    public static async Task<Dictionary<Guid, string>> ClusterNamesAsync(IPortalDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Clusters.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }

    /// <summary>The cluster a drill restores on: the namespace's own, or another registered (not retired) one the caller may work on.</summary>
    public static async Task<Result<Cluster>> TargetClusterAsync(IPortalDbContext db, AccessContext caller, Guid tenantId, Guid liveClusterId,
        Guid? targetClusterId, CancellationToken ct)
    {
        var id = targetClusterId ?? liveClusterId;
        var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (cluster is null || cluster.IsRetired) return Error.Validation("Choose a registered cluster to restore the drill on.");
        if (!caller.Can(Permission.RunRestoreDrill, tenantId, cluster.Id))
            return caller.Refuse($"You may not run drills on cluster {cluster.Name}.");
        return cluster;
    }

    /// <summary>Refuses checks that cannot run: each check's own rules, and SQL checks only against a database registered in the namespace.</summary>
    public static async Task<Error?> CheckChecksAsync(IPortalDbContext db, Guid clusterId, string @namespace, IReadOnlyList<DrillCheck> checks, CancellationToken ct)
    {
        if (checks.Count > DrillScheduleSettings.MaxChecks) return Error.Validation($"A drill runs at most {DrillScheduleSettings.MaxChecks} checks.");
        foreach (var (check, i) in checks.Select((c, i) => (c, i + 1)))
        {
            if (check.Problem() is { } problem) return Error.Validation($"Check {i}: {problem}");
            if (check.DatabaseId is not { } databaseId) continue;
            var database = await db.DatabaseTargets.AsNoTracking()
                .FirstOrDefaultAsync(d => d.Id == databaseId && d.ClusterId == clusterId && d.Namespace == @namespace, ct);
            if (database is null) return Error.Validation($"Check {i}: choose a database registered in {@namespace}.");
            if (!database.DatabaseNames.Contains(check.DatabaseName!))
                return Error.Validation($"Check {i}: {database.Name} has no database {check.DatabaseName} ({string.Join(", ", database.DatabaseNames)}).");
        }
        return null;
    }

    public static Error? CheckKeep(TimeSpan? keep, DrillOptions options) => keep switch
    {
        { } k when k <= TimeSpan.Zero => Error.Validation("Keep the drill for inspection for a positive time, or not at all."),
        { } k when k > options.MaxKeepForInspection =>
            Error.Validation($"A drill can be kept for inspection for at most {Domain.Common.Durations.Words(options.MaxKeepForInspection)}."),
        _ => null,
    };
}
