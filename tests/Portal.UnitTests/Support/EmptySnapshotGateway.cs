using Portal.Application.Abstractions.Clusters;

namespace Portal.UnitTests.Support;

/// <summary>A cluster without snapshots or claims, for use cases that only need the port resolved (the authorization walk): reads
/// find nothing, writes throw (a walk that reaches one has found a hole).</summary>
public sealed class EmptySnapshotGateway : ISnapshotClusterGateway
{
    public Task<IReadOnlyList<SnapshotClaimInfo>> ListClaimsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SnapshotClaimInfo>>([]);
    public Task<IReadOnlyList<VolumeSnapshotInfo>> ListSnapshotsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<VolumeSnapshotInfo>>([]);
    public Task<VolumeSnapshotInfo?> GetSnapshotAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        Task.FromResult<VolumeSnapshotInfo?>(null);
    public Task<VolumeSnapshotInfo> EnsureSnapshotAsync(ClusterConnection cluster, VolumeSnapshotSpec spec, CancellationToken ct) => throw Write();
    public Task<bool> DeleteSnapshotAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) => throw Write();
    public Task<IReadOnlyList<SnapshotClassInfo>> ListSnapshotClassesAsync(ClusterConnection cluster, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SnapshotClassInfo>>([]);
    public Task<bool> GroupSnapshotsServedAsync(ClusterConnection cluster, CancellationToken ct) => Task.FromResult(false);
    public Task<IReadOnlyList<VolumeSnapshotInfo>> WaitForSnapshotsAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<string> names,
        TimeSpan limit, Func<IReadOnlyList<NotReadyObject>, Task>? progress, CancellationToken ct) => throw Write();
    public Task<bool> LabelClaimAsync(ClusterConnection cluster, string @namespace, string claim, string key, string value, CancellationToken ct) => throw Write();
    public Task<GroupSnapshotInfo> EnsureGroupSnapshotAsync(ClusterConnection cluster, GroupSnapshotSpec spec, CancellationToken ct) => throw Write();
    public Task<GroupSnapshotInfo> WaitForGroupSnapshotAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit, CancellationToken ct) =>
        throw Write();

    private static NotSupportedException Write() => new("The authorization walk reached a snapshot write.");
}
