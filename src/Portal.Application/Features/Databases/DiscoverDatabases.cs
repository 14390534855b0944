using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;

namespace Portal.Application.Features.Databases;

public sealed record DiscoverDatabasesQuery(Guid TenantNamespaceId);

/// <summary>Proposes the databases running in one of the caller's namespaces (CloudNativePG Clusters, and
/// StatefulSets or Deployments with postgres/mysql/mariadb images), read live from the cluster.</summary>
public sealed class DiscoverDatabases(UseCaseServices s, IDatabaseWorkloadGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<IReadOnlyList<DatabaseCandidate>>> HandleAsync(DiscoverDatabasesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == q.TenantNamespaceId, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.ManageDatabases, ns.TenantId, ns.ClusterId))
            return caller.Refuse("Only database engineers of the tenant can look for databases.");
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
        try
        {
            return (await gateway.DiscoverDatabasesAsync(connections.For(cluster), ns.Namespace, ct)).ToList();
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }
    }
}
