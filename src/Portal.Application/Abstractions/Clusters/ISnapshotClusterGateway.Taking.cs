using Portal.Domain.Requests;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>A VolumeGroupSnapshot the portal writes: the claims of <paramref name="Namespace"/> carrying every label of
/// <paramref name="Selector"/>, with <paramref name="GroupSnapshotClass"/> (null: the cluster's default).</summary>
public sealed record GroupSnapshotSpec(string Namespace, string Name, IReadOnlyDictionary<string, string> Selector, string? GroupSnapshotClass,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>A VolumeGroupSnapshot as found: ready, or its error (of the group or its content) in words.</summary>
public sealed record GroupSnapshotInfo(string Namespace, string Name, bool ReadyToUse, string? Error, string? ContentName, string? ContentError,
    DateTimeOffset CreatedAt);

/// <summary>Taking snapshots: the waits, and group snapshots where the cluster serves them (the classes to check against are
/// read through <see cref="IStorageInventoryGateway.ListSnapshotClassesAsync"/>, the one read of them).</summary>
public partial interface ISnapshotClusterGateway
{
    /// <summary>Whether the cluster serves VolumeGroupSnapshots now (discovery, not the stored capabilities).</summary>
    Task<bool> GroupSnapshotsServedAsync(ClusterConnection cluster, CancellationToken ct);

    /// <summary>Waits (the one wait) until every snapshot named is ready to use or has an error, and returns them as found
    /// then, each with its content's error; <see cref="ClusterWaitTimeoutException"/> past <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<VolumeSnapshotInfo>> WaitForSnapshotsAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<string> names,
        TimeSpan limit, Func<IReadOnlyList<NotReadyObject>, Task>? progress, CancellationToken ct);

    /// <summary>Puts label <paramref name="key"/>=<paramref name="value"/> on a claim (a group snapshot's selector); false when the
    /// claim is gone. Only labels: nothing else of the claim changes.</summary>
    Task<bool> LabelClaimAsync(ClusterConnection cluster, string @namespace, string claim, string key, string value, CancellationToken ct);

    /// <summary>Creates the VolumeGroupSnapshot once (as <see cref="EnsureSnapshotAsync"/>).</summary>
    Task<GroupSnapshotInfo> EnsureGroupSnapshotAsync(ClusterConnection cluster, GroupSnapshotSpec spec, CancellationToken ct);

    /// <summary>Waits until the group snapshot is ready or failed, and returns it as found then.</summary>
    Task<GroupSnapshotInfo> WaitForGroupSnapshotAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit, CancellationToken ct);
}
