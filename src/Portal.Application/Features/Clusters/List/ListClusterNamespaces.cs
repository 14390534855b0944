using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;

namespace Portal.Application.Features.Clusters.List;

public sealed record ListClusterNamespacesQuery(Guid ClusterId);

/// <param name="NotClaimableBecause">Why no tenant may own it (the cluster's own namespaces), by the rule the claim applies; null when it may.</param>
public sealed record ClusterNamespaceView(string Name, string Phase, Guid? OwnerTenantId, string? OwnerTenantName, Guid? TenantNamespaceId,
    string? NotClaimableBecause = null);

/// <summary>The namespaces that exist on a cluster, live, with the tenant that owns each (for claiming).</summary>
public sealed class ListClusterNamespaces(UseCaseServices s, IClusterGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<IReadOnlyList<ClusterNamespaceView>>> HandleAsync(ListClusterNamespacesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse("Only platform engineers can list a cluster's namespaces for claiming.");
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == q.ClusterId, ct);
        if (cluster is null) return Error.NotFound("The cluster");
        IReadOnlyList<NamespaceInfo> live;
        try
        {
            live = await gateway.ListNamespacesAsync(connections.For(cluster), ct);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }
        var owned = await (from n in db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == cluster.Id)
                           join t in db.Tenants on n.TenantId equals t.Id
                           select new { n.Id, n.Namespace, n.TenantId, t.DisplayName }).ToListAsync(ct);
        return live.OrderBy(n => n.Name).Select(n =>
        {
            var o = owned.FirstOrDefault(x => x.Namespace == n.Name);
            return new ClusterNamespaceView(n.Name, n.Phase, o?.TenantId, o?.DisplayName, o?.Id,
                o is null ? TenantNamespaceName.Explain(n.Name, "namespace name", ClusterConnections.VeleroNamespaceOf(cluster)) : null);
        }).ToList();
    }
}
