using Portal.Application.Abstractions.Clusters;

namespace Portal.TestSupport;

/// <summary>An in-memory <see cref="ISnapshotClusterGateway"/>: claims and snapshots per namespace; counts writes. The snapshot
/// classes are <see cref="FakeStorageInventoryGateway.SnapshotClasses"/>.</summary>
public sealed class FakeSnapshotClusterGateway : ISnapshotClusterGateway
{
    public List<SnapshotClaimInfo> Claims { get; } = [];
    public List<VolumeSnapshotInfo> Snapshots { get; } = [];
    public bool GroupsServed { get; set; }
    public int Writes { get; private set; }

    public Task<IReadOnlyList<SnapshotClaimInfo>> ListClaimsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SnapshotClaimInfo>>(Claims.Where(c => c.Namespace == @namespace).ToList());

    public Task<IReadOnlyList<VolumeSnapshotInfo>> ListSnapshotsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<VolumeSnapshotInfo>>(Snapshots.Where(s => s.Namespace == @namespace).ToList());

    public Task<VolumeSnapshotInfo?> GetSnapshotAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        Task.FromResult(Snapshots.FirstOrDefault(s => s.Namespace == @namespace && s.Name == name));

    public Task<VolumeSnapshotInfo> EnsureSnapshotAsync(ClusterConnection cluster, VolumeSnapshotSpec spec, CancellationToken ct)
    {
        Writes++;
        var s = new VolumeSnapshotInfo(spec.Namespace, spec.Name, spec.ClaimName, spec.SnapshotClass, true, "1Gi", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
            null, "content-" + spec.Name, null, "Delete", "ebs.csi.aws.com", null, spec.Labels);
        Snapshots.RemoveAll(x => x.Namespace == spec.Namespace && x.Name == spec.Name);
        Snapshots.Add(s);
        return Task.FromResult(s);
    }

    public Task<bool> DeleteSnapshotAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct)
    {
        Writes++;
        return Task.FromResult(Snapshots.RemoveAll(s => s.Namespace == @namespace && s.Name == name) > 0);
    }

    public Task<bool> GroupSnapshotsServedAsync(ClusterConnection cluster, CancellationToken ct) => Task.FromResult(GroupsServed);

    public Task<IReadOnlyList<VolumeSnapshotInfo>> WaitForSnapshotsAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<string> names,
        TimeSpan limit, Func<IReadOnlyList<NotReadyObject>, Task>? progress, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<VolumeSnapshotInfo>>(Snapshots.Where(s => s.Namespace == @namespace && names.Contains(s.Name)).ToList());

    public Task<bool> LabelClaimAsync(ClusterConnection cluster, string @namespace, string claim, string key, string value, CancellationToken ct)
    {
        Writes++;
        return Task.FromResult(true);
    }

    public Task<GroupSnapshotInfo> EnsureGroupSnapshotAsync(ClusterConnection cluster, GroupSnapshotSpec spec, CancellationToken ct)
    {
        Writes++;
        return Task.FromResult(new GroupSnapshotInfo(spec.Namespace, spec.Name, true, null, null, null, DateTimeOffset.UtcNow));
    }

    public Task<GroupSnapshotInfo> WaitForGroupSnapshotAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit, CancellationToken ct) =>
        Task.FromResult(new GroupSnapshotInfo(@namespace, name, true, null, null, null, DateTimeOffset.UtcNow));
}
