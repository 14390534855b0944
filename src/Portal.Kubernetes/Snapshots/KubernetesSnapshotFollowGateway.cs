using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Kubernetes.Moves;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Snapshots;

/// <summary>The <see cref="ISnapshotFollowGateway"/>: two cluster-wide lists through the migration gateway's generic list (one
/// discovery cache; a kind not served lists as none). VolumeSnapshots are read as the snapshot list reads them
/// (<see cref="SnapshotObjects.ReadSnapshot"/>), without their contents (readiness and creation time are on the snapshot), except
/// for members of a group snapshot, whose claim is read through <see cref="GroupSnapshotMembers"/>.</summary>
public sealed class KubernetesSnapshotFollowGateway(KubernetesMigrationGateway objects) : ISnapshotFollowGateway
{
    public async Task<ClusterSnapshotRead> ReadAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var snapshots = await objects.ListAsync(cluster, ClusterApis.CsiSnapshot, "VolumeSnapshot", null, null, ct).ConfigureAwait(false);
        var claims = await objects.ListAsync(cluster, "v1", "PersistentVolumeClaim", null, null, ct).ConfigureAwait(false);
        var read = snapshots.Select(s => SnapshotObjects.ReadSnapshot(s, null)).ToList();
        // Members of a group snapshot name no claim: their contents tell which (read only when there are members).
        IReadOnlyList<VolumeSnapshotInfo> resolved = read;
        if (read.Any(s => s.ClaimName is null && s.GroupName is not null))
        {
            var contents = (await objects.ListAsync(cluster, ClusterApis.CsiSnapshot, "VolumeSnapshotContent", null, null, ct).ConfigureAwait(false))
                .Where(c => Text(c["metadata"]?["name"]) is not null).ToDictionary(c => Text(c["metadata"]?["name"])!, StringComparer.Ordinal);
            resolved = await new GroupSnapshotMembers(objects).ResolveAsync(cluster, null,
                read.Select(s => (s, s.ContentName is { } n ? contents.GetValueOrDefault(n) : null)).ToList(), ct).ConfigureAwait(false);
        }

        return new ClusterSnapshotRead(
            resolved,
            claims.Select(c => new FollowedClaim(Text(c["metadata"]?["namespace"]) ?? "", Text(c["metadata"]?["name"]) ?? "",
                Text(c["status"]?["phase"]) ?? "Pending")).ToList());
    }
}
