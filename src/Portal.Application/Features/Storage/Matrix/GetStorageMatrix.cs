using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;

namespace Portal.Application.Features.Storage.Matrix;

/// <param name="ClusterId">One cluster; null for every cluster whose storage the caller may see.</param>
/// <param name="Fresh">Read the clusters anew (a visit of the page, "Refresh"); false reuses what was read a few seconds ago.</param>
public sealed record GetStorageMatrixQuery(Guid? ClusterId, bool Fresh = true);

/// <summary>The storage matrix of one cluster or of every cluster in the caller's scope, read live. A cluster that does not
/// answer is a state with a next step, not a failure of the whole view. The read is kept a few seconds for the pages of claims
/// that follow (<see cref="StorageInventoryReader"/>).</summary>
public sealed class GetStorageMatrix(UseCaseServices s, StorageInventoryReader reader) : IUseCase
{
    public async Task<Result<IReadOnlyList<ClusterStorageView>>> HandleAsync(GetStorageMatrixQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanAnywhere(Permission.ViewStorage)) return caller.Refuse("Only storage administrators and platform engineers see storage.");
        await using var db = await s.OpenAsync(caller, ct);
        var clusters = await StorageScope.ClustersAsync(caller, db, q.ClusterId, ct);
        if (q.ClusterId is not null && clusters.Count == 0) return caller.Refuse("You may not see the storage of this cluster.");
        var views = new List<ClusterStorageView>();
        foreach (var cluster in clusters)
        {
            var scope = await StorageScope.ForAsync(caller, db, cluster, ct);
            try
            {
                var inventory = await reader.ReadAsync(cluster, q.Fresh, ct);
                views.Add(StorageMatrix.Build(cluster.Id, cluster.Name, inventory, scope.Sees, scope.WholeCluster));
            }
            catch (ClusterAccessException ex)
            {
                views.Add(ClusterStorageView.Unavailable(cluster.Id, cluster.Name, ClusterConnections.Explain(ex, cluster.Name),
                    ex.Fault == ClusterFault.Forbidden
                        ? "Ask the cluster's administrators to apply deploy/target-cluster-rbac (the portal reads storage classes, snapshot classes, claims and volumes)."
                        : "Check the cluster on its page (Check connection), then refresh this view."));
            }
        }

        return views;
    }
}
