using Portal.Domain.Requests;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>A PersistentVolumeClaim as a restore from a snapshot reads it: what a claim made in its place must keep (class,
/// access modes, size, labels), its bound volume, its uid (to delete exactly this one) and the snapshot it was made from.</summary>
public sealed record ClaimDetail(string Namespace, string Name, string Uid, string? StorageClass, string? Provisioner,
    IReadOnlyList<string> AccessModes, string? RequestedSize, string Phase, string? VolumeName, string? FromSnapshot,
    IReadOnlyDictionary<string, string> Labels, bool Deleting);

/// <summary>A PersistentVolume: its reclaim policy, phase and the claim it is (or was) bound to.</summary>
public sealed record VolumeDetail(string Name, string ReclaimPolicy, string Phase, string? ClaimNamespace, string? ClaimName, string? ClaimUid);

/// <summary>A Deployment or StatefulSet: its replicas, the claims its pods mount (a StatefulSet's claim templates expanded
/// for its ordinals) and whether it is paused by a GitOps tool is not read here.</summary>
public sealed record WorkloadClaims(WorkloadReference Workload, int Replicas, IReadOnlyList<string> Claims);

/// <summary>A claim the portal makes from VolumeSnapshot <paramref name="SnapshotName"/> (or, to put a claim back, bound to the
/// retained volume <paramref name="VolumeName"/> with no data source), labelled with <paramref name="Labels"/> (the request's).</summary>
public sealed record ClaimFromSnapshotSpec(string Namespace, string Name, string? StorageClass, IReadOnlyList<string> AccessModes, string Size,
    string? SnapshotName, IReadOnlyDictionary<string, string> Labels, string? VolumeName = null);

/// <summary>How making a claim went: made now, found made by this request before (a second run), or the name is taken by
/// another claim (left as it is).</summary>
public enum ClaimCreation { Created, AlreadyThisRequests, Taken }

/// <summary>
/// What restoring a VolumeSnapshot into a claim needs from a cluster, beyond the snapshots themselves
/// (<see cref="ISnapshotClusterGateway"/>): claims made from a snapshot (new, or in place of one for a fast rollback),
/// the reclaim policy and claim reference of the bound volume (kept while a rollback runs), and which claims a workload
/// mounts. Writes go through the one write path; waits through the one wait.
/// </summary>
public interface IClaimRestoreGateway
{
    Task<ClaimDetail?> GetClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct);

    Task<VolumeDetail?> GetVolumeAsync(ClusterConnection cluster, string name, CancellationToken ct);

    /// <summary>The workload's replicas and mounted claims; null when it is not there.</summary>
    Task<WorkloadClaims?> GetWorkloadClaimsAsync(ClusterConnection cluster, string @namespace, WorkloadReference workload, CancellationToken ct);

    /// <summary>Creates the claim once; <see cref="ClaimCreation.AlreadyThisRequests"/> when it carries the same request label.</summary>
    Task<ClaimCreation> CreateClaimAsync(ClusterConnection cluster, ClaimFromSnapshotSpec spec, string requestLabelValue, CancellationToken ct);

    /// <summary>Deletes the claim of uid <paramref name="uid"/> (another of that name is left) and waits until it is gone;
    /// false when it was gone already.</summary>
    Task<bool> DeleteClaimAsync(ClusterConnection cluster, string @namespace, string name, string uid, TimeSpan limit, CancellationToken ct);

    /// <summary>Sets the volume's <c>persistentVolumeReclaimPolicy</c> (Retain, Delete); false when the volume is gone.</summary>
    Task<bool> SetReclaimPolicyAsync(ClusterConnection cluster, string volume, string policy, CancellationToken ct);

    /// <summary>Lets a Released volume be bound again by a claim of the same name: its claim reference keeps the namespace and
    /// name but loses the old claim's uid and resourceVersion.</summary>
    Task<bool> MakeVolumeBindableAsync(ClusterConnection cluster, string volume, CancellationToken ct);

    /// <summary>Waits with the one wait until the claim is Bound; returns its detail then.</summary>
    Task<ClaimDetail> WaitForClaimBoundAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit, CancellationToken ct);
}
