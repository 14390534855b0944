namespace Portal.Application.Abstractions.Clusters;

/// <summary>A StorageClass as a storage administrator reads it: its provisioner (the CSI driver a snapshot class must name),
/// reclaim policy, binding mode, whether claims may grow, and whether it is the cluster's default.</summary>
public sealed record StorageClassInfo(string Name, string Provisioner, string ReclaimPolicy, string VolumeBindingMode,
    bool AllowVolumeExpansion, bool IsDefault);

/// <summary>A VolumeSnapshotClass: its driver, deletion policy and parameters; <paramref name="ForVelero"/> when it carries the
/// label <c>velero.io/csi-volumesnapshot-class</c>, <paramref name="IsDefault"/> when it carries the annotation
/// <c>snapshot.storage.kubernetes.io/is-default-class: "true"</c>. <paramref name="ResourceVersion"/> tells a later read whether
/// it changed.</summary>
public sealed record SnapshotClassInfo(string Name, string Driver, string DeletionPolicy, IReadOnlyDictionary<string, string> Parameters,
    bool ForVelero, bool IsDefault, string? ResourceVersion);

/// <summary>A claim of any namespace with its class, capacity (<paramref name="Capacity"/> as written, <paramref name="CapacityBytes"/>
/// parsed; the bound size, else the requested one), phase and volume. <paramref name="VolumeDriver"/> is the CSI driver of its
/// bound volume (null when unbound or in-tree); <paramref name="InTree"/> when the bound volume has no <c>spec.csi</c>.</summary>
public sealed record StorageClaimInfo(string Namespace, string Name, string? StorageClass, string? Capacity, long CapacityBytes,
    string Phase, string? VolumeName, string? VolumeDriver, bool InTree);

/// <summary>A cluster's storage at one read. <paramref name="SnapshotsServed"/> is false when the cluster does not serve
/// <c>snapshot.storage.k8s.io</c> (no external-snapshotter: no class can snapshot).</summary>
public sealed record StorageInventory(IReadOnlyList<StorageClassInfo> StorageClasses, bool SnapshotsServed,
    IReadOnlyList<SnapshotClassInfo> SnapshotClasses, IReadOnlyList<StorageClaimInfo> Claims);

/// <summary>The two marks the portal sets on a VolumeSnapshotClass, and nothing else of it.</summary>
public sealed record SnapshotClassMarks(bool ForVelero, bool IsDefault);

/// <summary>
/// A cluster's storage for the storage view (read: StorageClasses, VolumeSnapshotClasses, every claim and its volume; never
/// Secrets), and the one change the portal makes to it: the Velero label and the default annotation of a snapshot class,
/// written by server-side apply of those two fields only, under the portal's field manager.
/// </summary>
public interface IStorageInventoryGateway
{
    Task<StorageInventory> ReadAsync(ClusterConnection cluster, CancellationToken ct);

    /// <summary>The cluster's VolumeSnapshotClasses (none when the API is not served).</summary>
    Task<IReadOnlyList<SnapshotClassInfo>> ListSnapshotClassesAsync(ClusterConnection cluster, CancellationToken ct);

    /// <summary>Sets the class's Velero label and default annotation as <paramref name="marks"/> says (present or removed),
    /// touching no other field; false when the class does not exist (nothing is written, never created).</summary>
    Task<bool> MarkSnapshotClassAsync(ClusterConnection cluster, string name, SnapshotClassMarks marks, CancellationToken ct);
}
