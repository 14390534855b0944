using Portal.Application.Abstractions.Clusters;

namespace Portal.Application.Features.Storage.Matrix;

/// <summary>The matrix of one cluster: each storage class → the snapshot classes of its driver, claims per class, and the
/// claims that cannot be snapshotted; only the claims <paramref name="sees"/> lets through count.</summary>
public static class StorageMatrix
{
    public static ClusterStorageView Build(Guid clusterId, string clusterName, StorageInventory inventory, Func<StorageClaimInfo, bool> sees,
        bool wholeCluster)
    {
        var claims = inventory.Claims.Where(sees).ToList();
        var rows = inventory.StorageClasses.Select(sc =>
        {
            var snapshots = StorageRules.SnapshotsOf(sc, inventory, out var possible);
            var mine = claims.Where(c => c.StorageClass == sc.Name).ToList();
            return new StorageClassRow(sc, StorageRules.ClassesFor(sc.Provisioner, inventory.SnapshotClasses),
                StorageRules.VeleroClassFor(sc.Provisioner, inventory.SnapshotClasses)?.Name, possible, snapshots, mine.Count,
                mine.Sum(c => c.CapacityBytes), mine.Count(c => StorageRules.WhyNotSnapshottable(c, inventory) is not null));
        }).ToList();
        var snapshotRows = inventory.SnapshotClasses.Select(c => new SnapshotClassRow(c,
            StorageRules.VeleroClassFor(c.Driver, inventory.SnapshotClasses)?.Name == c.Name,
            inventory.StorageClasses.Where(s => s.Provisioner == c.Driver).Select(s => s.Name).ToList())).ToList();
        return new ClusterStorageView(clusterId, clusterName, null, null, inventory.SnapshotsServed, rows, snapshotRows, claims.Count,
            claims.Sum(c => c.CapacityBytes), claims.Count(c => StorageRules.WhyNotSnapshottable(c, inventory) is not null), wholeCluster);
    }
}
