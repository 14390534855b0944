using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Namespaces;

public sealed record ListMyNamespacesQuery(Guid? TenantId = null);

public sealed record TenantNamespaceView(Guid Id, Guid TenantId, string TenantName, Guid ClusterId, string ClusterName,
    ClusterHealth ClusterHealth, bool VeleroInstalled, string Namespace, bool CanBackup, bool CanRestore, bool CanManageDatabases = false);

/// <summary>The namespaces the caller's tenants own, with what the caller may do on each.</summary>
public sealed class ListMyNamespaces(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<TenantNamespaceView>>> HandleAsync(ListMyNamespacesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var rows = db.TenantNamespaces.AsNoTracking();
        if (q.TenantId is { } tenantId) rows = rows.Where(n => n.TenantId == tenantId);
        var list = await (from n in rows
                          join c in db.Clusters on n.ClusterId equals c.Id
                          select new { n, Cluster = c }).ToListAsync(ct);
        var tenants = await TenantNames.ForAsync(db, list.Select(x => x.n.TenantId), ct);
        return list
            .Select(x => new { x.n, x.Cluster, TenantName = tenants.GetValueOrDefault(x.n.TenantId, "?") })
            .OrderBy(x => x.TenantName).ThenBy(x => x.Cluster.Name).ThenBy(x => x.n.Namespace)
            .Where(x => caller.Can(Permission.ViewTenant, x.n.TenantId, x.n.ClusterId))
            .Select(x => new TenantNamespaceView(x.n.Id, x.n.TenantId, x.TenantName, x.n.ClusterId, x.Cluster.Name,
                x.Cluster.Health, x.Cluster.Capabilities.VeleroInstalled, x.n.Namespace,
                caller.Can(Permission.RequestBackup, x.n.TenantId, x.n.ClusterId),
                caller.Can(Permission.RequestRestore, x.n.TenantId, x.n.ClusterId),
                caller.Can(Permission.ManageDatabases, x.n.TenantId, x.n.ClusterId)))
            .ToList();
    }
}
