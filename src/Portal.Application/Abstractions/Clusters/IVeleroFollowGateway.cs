using Portal.Domain.Protection;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>What one event of a followed collection says.</summary>
public enum FollowEventKind
{
    /// <summary>The whole collection as listed (at the start and after every re-list): anything not in it is gone.</summary>
    Listed,
    /// <summary>One object was added or changed.</summary>
    Changed,
    /// <summary>One object was deleted (its last state).</summary>
    Deleted,
}

/// <summary>One event of a followed collection: <see cref="Items"/> is the whole collection for
/// <see cref="FollowEventKind.Listed"/>, else the one object.</summary>
public sealed record FollowEvent<T>(FollowEventKind Kind, IReadOnlyList<T> Items);

/// <summary>A Velero Backup as the protection follower records it (<see cref="ObservedBackup"/>), whoever made it.
/// <see cref="ProtectionId"/> is the protection whose Schedule made it (from the schedule's deterministic name).</summary>
public sealed record VeleroBackupObservation(
    string Name,
    string? Uid,
    string? Phase,
    string? ScheduleName,
    Guid? ProtectionId,
    Guid? RequestId,
    IReadOnlyList<string> IncludedNamespaces,
    IReadOnlyList<string> ExcludedNamespaces,
    bool ClusterResourcesOnly,
    string? StorageLocation,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? Expiration,
    int Errors,
    int Warnings,
    string? FailureReason);

/// <summary>A Velero BackupStorageLocation or VolumeSnapshotLocation as the follower records it.</summary>
public sealed record VeleroLocationObservation(
    LocationKind Kind,
    string Name,
    string? Provider,
    string? Phase,
    bool IsDefault,
    string? AccessMode,
    DateTimeOffset? LastValidated,
    string? Message,
    string? Bucket = null,
    string? Prefix = null,
    string? Url = null);

/// <summary>Follows a cluster's Velero collections in its Velero namespace with the one resilient watch (list, then
/// watch from the list's resourceVersion; 410 Gone re-lists; reconnects back off). Each stream starts with a
/// <see cref="FollowEventKind.Listed"/> event and yields one again after every re-list. A stream ends only by
/// cancellation or with a <see cref="ClusterAccessException"/> (the watch gave up, access refused, Velero missing).</summary>
public interface IVeleroFollowGateway
{
    IAsyncEnumerable<FollowEvent<VeleroBackupObservation>> FollowBackupsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct);

    IAsyncEnumerable<FollowEvent<VeleroScheduleInfo>> FollowSchedulesAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct);

    IAsyncEnumerable<FollowEvent<VeleroLocationObservation>> FollowLocationsAsync(ClusterConnection cluster, string veleroNamespace,
        LocationKind kind, CancellationToken ct);
}
