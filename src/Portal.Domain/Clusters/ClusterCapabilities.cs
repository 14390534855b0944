namespace Portal.Domain.Clusters;

/// <summary>A snapshot of what discovery found on a cluster. Stored as one JSON document:
/// it is always read and replaced whole.</summary>
public sealed record ClusterCapabilities
{
    public DateTimeOffset? DiscoveredAt { get; init; }
    public bool VeleroInstalled { get; init; }
    public string? VeleroNamespace { get; init; }
    public List<BackupStorageLocationInfo> BackupStorageLocations { get; init; } = [];
    public bool CsiSnapshotsInstalled { get; init; }
    public List<string> VolumeSnapshotClasses { get; init; } = [];
    /// <summary>Whether the cluster serves <c>groupsnapshot.storage.k8s.io</c> (VolumeGroupSnapshots).</summary>
    public bool GroupSnapshotsServed { get; init; }
    public bool ArgoCdInstalled { get; init; }
    public bool FluxInstalled { get; init; }
    public bool CloudNativePgInstalled { get; init; }
}

public sealed record BackupStorageLocationInfo(string Name, string Phase, bool IsDefault, string? Message);
