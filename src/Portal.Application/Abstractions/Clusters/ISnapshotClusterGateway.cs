using Portal.Domain.Requests;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>A PersistentVolumeClaim of a namespace as snapshots see it: its class and that class's provisioner (the CSI
/// driver a snapshot class must match), its bound volume, whether that volume is in-tree (no CSI: never snapshotted), and the
/// Deployments/StatefulSets that mount it; <paramref name="Labels"/> its own labels (a group snapshot selects claims by label).</summary>
public sealed record SnapshotClaimInfo(string Namespace, string Name, string? StorageClass, string? Provisioner, string Phase,
    string? Capacity, string? VolumeName, bool InTree, IReadOnlyList<WorkloadReference> UsedBy, IReadOnlyDictionary<string, string>? Labels = null);

/// <summary>A VolumeSnapshot as found on a cluster, with its VolumeSnapshotContent's side: <paramref name="Error"/> and
/// <paramref name="ContentError"/> are the messages of <c>status.error</c> of each (the content's is often the precise one);
/// <paramref name="GroupName"/> is the VolumeGroupSnapshot it belongs to, if any.</summary>
public sealed record VolumeSnapshotInfo(string Namespace, string Name, string? ClaimName, string? SnapshotClass, bool ReadyToUse,
    string? RestoreSize, DateTimeOffset CreatedAt, DateTimeOffset? CreationTime, string? Error, string? ContentName, string? ContentError,
    string? DeletionPolicy, string? Driver, string? GroupName, IReadOnlyDictionary<string, string> Labels);

/// <summary>A VolumeSnapshot the portal writes: of claim <paramref name="ClaimName"/>, with <paramref name="SnapshotClass"/> (null:
/// the cluster's default class for the claim's driver), labelled with <paramref name="Labels"/> (request id, tenant, managed-by).</summary>
public sealed record VolumeSnapshotSpec(string Namespace, string Name, string ClaimName, string? SnapshotClass, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// What CSI snapshots of a tenant's claims need from a cluster (<c>snapshot.storage.k8s.io/v1</c>), named by intent. Objects are
/// written through the one write path (created once, never taking over an object the portal did not make) and waited on with the
/// one wait. The snapshot executor, the snapshot list and the namespace's catalogue of recovery points read through it.
/// </summary>
public partial interface ISnapshotClusterGateway
{
    /// <summary>The namespace's claims with their class, driver, volume and users.</summary>
    Task<IReadOnlyList<SnapshotClaimInfo>> ListClaimsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct);

    /// <summary>The namespace's VolumeSnapshots (the portal's and anyone else's), each with its content's state.</summary>
    Task<IReadOnlyList<VolumeSnapshotInfo>> ListSnapshotsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct);

    Task<VolumeSnapshotInfo?> GetSnapshotAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);

    /// <summary>Creates the VolumeSnapshot once (a second run finds the one it made); one of that name the portal did not make is
    /// never changed (<see cref="ClusterFault.Conflict"/>).</summary>
    Task<VolumeSnapshotInfo> EnsureSnapshotAsync(ClusterConnection cluster, VolumeSnapshotSpec spec, CancellationToken ct);

    /// <summary>Deletes the VolumeSnapshot (its content follows the class's deletion policy); false when it is gone already.</summary>
    Task<bool> DeleteSnapshotAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);
}
