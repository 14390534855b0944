using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Domain.Access;

namespace Portal.Application.Features.Storage.Matrix;

/// <param name="StorageClass">The claims of this class only; null for every class.</param>
/// <param name="OnlyUnsnapshottable">Only the claims that cannot be snapshotted.</param>
public sealed record ListStorageClaimsQuery(Guid ClusterId, string? StorageClass, bool OnlyUnsnapshottable, PageRequest Page);

/// <summary>A cluster's claims the caller may see, a page at a time, each with the tenant owning its namespace and why it
/// cannot be snapshotted; from the inventory the storage page read a few seconds ago (<see cref="StorageInventoryReader"/>), so
/// paging does not read the cluster again.</summary>
public sealed class ListStorageClaims(UseCaseServices s, StorageInventoryReader reader) : IUseCase
{
    public async Task<Result<Page<StorageClaimRow>>> HandleAsync(ListStorageClaimsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanAnywhere(Permission.ViewStorage)) return caller.Refuse("Only storage administrators and platform engineers see storage.");
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = (await StorageScope.ClustersAsync(caller, db, q.ClusterId, ct)).FirstOrDefault();
        if (cluster is null) return caller.Refuse("You may not see the storage of this cluster.");
        var scope = await StorageScope.ForAsync(caller, db, cluster, ct);
        var read = await reader.TryReadAsync(cluster, false, ct);
        if (!read.IsSuccess) return read.Error!;
        var inventory = read.Value!;
        var rows = inventory.Claims.Where(scope.Sees)
            .Where(c => q.StorageClass is null || c.StorageClass == q.StorageClass)
            .Select(c =>
            {
                var owner = scope.OwnerOf(c.Namespace);
                return new StorageClaimRow(c.Namespace, c.Name, c.StorageClass, c.Capacity, c.Phase, c.VolumeName, StorageRules.DriverOf(c, inventory),
                    c.InTree, StorageRules.WhyNotSnapshottable(c, inventory), owner.Id, owner.Name);
            })
            .Where(r => !q.OnlyUnsnapshottable || r.WhyNotSnapshottable is not null)
            .ToList();
        return rows.ToPage(q.Page);
    }
}
