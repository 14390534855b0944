using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.Check;
using Portal.Domain.Access;

namespace Portal.Application.Features.Clusters.List;

public sealed record ListClustersQuery;

public sealed record ClusterSummary(ClusterHealthView Status, string ApiServerUrl, string? Description, string RegisteredBy,
    DateTimeOffset RegisteredAt, int OwnedNamespaces);

/// <summary>Clusters the caller works on: all of them for estate scopes; otherwise those the caller is bound
/// to or where the caller's tenants own namespaces. Credentials are never part of the answer.</summary>
public sealed class ListClusters(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<ClusterSummary>>> HandleAsync(ListClustersQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanAnywhere(Permission.ViewClusters)) return caller.Refuse();
        await using var db = await s.OpenAsync(caller, ct);
        var scope = caller.Scope;
        var visibleNamespaces = db.TenantNamespaces.AsNoTracking(); // already filtered to the caller's tenants
        var clusterIds = scope.All ? null
            : (await visibleNamespaces.Select(n => n.ClusterId).Distinct().ToListAsync(ct)).Concat(scope.ClusterIds).ToHashSet();
        // Retired clusters keep their history (requests name them) but are no longer listed.
        var clusters = await db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null).OrderBy(c => c.Name).ToListAsync(ct);
        var counts = await visibleNamespaces.GroupBy(n => n.ClusterId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return clusters.Where(c => clusterIds is null || clusterIds.Contains(c.Id))
            .Select(c => new ClusterSummary(
                ClusterHealthView.Of(c),
                c.ApiServerUrl, c.Description, c.RegisteredBy, c.RegisteredAt, counts.GetValueOrDefault(c.Id)))
            .ToList();
    }
}
