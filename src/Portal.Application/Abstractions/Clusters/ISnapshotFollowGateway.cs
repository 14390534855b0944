namespace Portal.Application.Abstractions.Clusters;

/// <summary>A claim of a namespace with its phase (only <c>Bound</c> claims hold data a snapshot point must cover).</summary>
public sealed record FollowedClaim(string Namespace, string Name, string Phase);

/// <summary>A cluster's VolumeSnapshots and claims in every namespace, read at one time.</summary>
public sealed record ClusterSnapshotRead(IReadOnlyList<VolumeSnapshotInfo> Snapshots, IReadOnlyList<FollowedClaim> Claims);

/// <summary>What the protection follower reads of a cluster's CSI snapshots, on its cadence (list, not watch: snapshots change
/// rarely): every VolumeSnapshot and every claim across namespaces (cluster-wide get/list, as the portal's RBAC grants). A
/// cluster that does not answer throws <see cref="ClusterAccessException"/>; a cluster that does not serve snapshots has none.</summary>
public interface ISnapshotFollowGateway
{
    Task<ClusterSnapshotRead> ReadAsync(ClusterConnection cluster, CancellationToken ct);
}
