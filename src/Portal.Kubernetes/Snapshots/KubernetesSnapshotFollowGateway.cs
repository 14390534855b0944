using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Kubernetes.Moves;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Snapshots;

/// <summary>The <see cref="ISnapshotFollowGateway"/>: two cluster-wide lists through the migration gateway's generic list (one
/// discovery cache; a kind not served lists as none). VolumeSnapshots are read as the snapshot list reads them
/// (<see cref="SnapshotObjects.ReadSnapshot"/>), without their contents: readiness and creation time are on the snapshot.</summary>
public sealed class KubernetesSnapshotFollowGateway(KubernetesMigrationGateway objects) : ISnapshotFollowGateway
{
    public async Task<ClusterSnapshotRead> ReadAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var snapshots = await objects.ListAsync(cluster, ClusterApis.CsiSnapshot, "VolumeSnapshot", null, null, ct).ConfigureAwait(false);
        var claims = await objects.ListAsync(cluster, "v1", "PersistentVolumeClaim", null, null, ct).ConfigureAwait(false);
        return new ClusterSnapshotRead(
            snapshots.Select(s => SnapshotObjects.ReadSnapshot(s, null)).ToList(),
            claims.Select(c => new FollowedClaim(Text(c["metadata"]?["namespace"]) ?? "", Text(c["metadata"]?["name"]) ?? "",
                Text(c["status"]?["phase"]) ?? "Pending")).ToList());
    }
}
