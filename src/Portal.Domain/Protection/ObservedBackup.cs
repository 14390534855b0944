using Portal.Domain.Common;

namespace Portal.Domain.Protection;

/// <summary>
/// A Velero Backup as the protection follower last saw it on a cluster (whoever made it: a protection's Schedule,
/// an on-demand request, someone with the velero CLI). Pages read these rows, never the cluster. The follower
/// writes <see cref="TenantId"/> when the backup covers exactly one namespace and a tenant owns it, else
/// <see cref="Guid.Empty"/> (a cluster-wide backup: cluster and estate scopes see it).
/// </summary>
public sealed class ObservedBackup : Entity, IClusterScoped
{
    private ObservedBackup() { Name = ""; IncludedNamespaces = []; ExcludedNamespaces = []; }

    public ObservedBackup(Guid clusterId, string name, DateTimeOffset now)
    {
        ClusterId = clusterId;
        Name = name;
        ObservedAt = now;
        IncludedNamespaces = [];
        ExcludedNamespaces = [];
    }

    public Guid TenantId { get; set; }
    public Guid ClusterId { get; private set; }
    public string Name { get; private set; }
    /// <summary>The object's uid: a backup deleted and made again under the same name is another backup.</summary>
    public string? Uid { get; set; }
    public string? Phase { get; set; }
    /// <summary>The Schedule that made it (label <c>velero.io/schedule-name</c>); null for on-demand backups.</summary>
    public string? ScheduleName { get; set; }
    /// <summary>The protection whose Schedule made it (the portal's label), when it is one of ours.</summary>
    public Guid? ProtectionId { get; set; }
    /// <summary>The portal request that made it (on-demand backups asked through the portal).</summary>
    public Guid? RequestId { get; set; }
    /// <summary>Empty, or containing "*", for every namespace.</summary>
    public List<string> IncludedNamespaces { get; set; }
    public List<string> ExcludedNamespaces { get; set; }
    /// <summary>Whether only cluster-scoped resources were backed up (a cluster-resources protection's backups).</summary>
    public bool ClusterResourcesOnly { get; set; }
    public string? StorageLocation { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? Expiration { get; set; }
    public int Errors { get; set; }
    public int Warnings { get; set; }
    /// <summary>Velero's failure reason or validation errors, in its words.</summary>
    public string? FailureReason { get; set; }
    public DateTimeOffset ObservedAt { get; set; }

    public bool IsGood => Phase == "Completed";
    public bool IsFinished => Phase is "Completed" or "PartiallyFailed" or "Failed" or "FailedValidation";
    public bool IsFailure => Phase is "PartiallyFailed" or "Failed" or "FailedValidation";

    /// <summary>Whether the backup holds <paramref name="ns"/>: named or all included, and not excluded.</summary>
    public bool Covers(string ns) =>
        !ClusterResourcesOnly
        && (IncludedNamespaces.Count == 0 || IncludedNamespaces.Contains("*") || IncludedNamespaces.Contains(ns))
        && !ExcludedNamespaces.Contains(ns);

    /// <summary>The time the backup's data stands for: its start (Velero reads the objects from then on).</summary>
    public DateTimeOffset? PointInTime => StartedAt ?? CompletedAt;
}

/// <summary>What kind of location the follower saw.</summary>
public enum LocationKind { BackupStorage, VolumeSnapshot }

/// <summary>A Velero BackupStorageLocation or VolumeSnapshotLocation as the follower last saw it.</summary>
public sealed class ObservedLocation : Entity
{
    private ObservedLocation() { Name = ""; }

    public ObservedLocation(Guid clusterId, LocationKind kind, string name)
    {
        ClusterId = clusterId;
        Kind = kind;
        Name = name;
    }

    public Guid ClusterId { get; private set; }
    public LocationKind Kind { get; private set; }
    public string Name { get; private set; }
    public string? Provider { get; set; }
    /// <summary>Where a storage location keeps its backups (<c>spec.objectStorage</c>), and the store's address
    /// (<c>config.s3Url</c>): two clusters read the same backups when provider, bucket and prefix are the same.</summary>
    public string? Bucket { get; set; }
    public string? Prefix { get; set; }
    public string? Url { get; set; }
    /// <summary><c>Available</c> or <c>Unavailable</c> for a storage location; snapshot locations have no phase.</summary>
    public string? Phase { get; set; }
    public bool IsDefault { get; set; }
    public string? AccessMode { get; set; }
    public DateTimeOffset? LastValidated { get; set; }
    public string? Message { get; set; }
    /// <summary>Since when the follower has seen it Unavailable; null while it is available.</summary>
    public DateTimeOffset? UnavailableSince { get; private set; }
    public DateTimeOffset ObservedAt { get; set; }

    public bool IsUnavailable => Phase == "Unavailable";

    public void RecordPhase(string? phase, DateTimeOffset now)
    {
        if (phase == "Unavailable") UnavailableSince ??= now;
        else UnavailableSince = null;
        Phase = phase;
        ObservedAt = now;
    }
}

/// <summary>Which replica follows a cluster's Velero objects: exactly one at a time. A replica renews its lease
/// while it follows; when it stops renewing, another takes the cluster over after <see cref="ExpiresAt"/>.</summary>
public sealed class ClusterFollowLease
{
    private ClusterFollowLease() { Holder = ""; }

    public ClusterFollowLease(Guid clusterId, string holder, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        ClusterId = clusterId;
        Holder = holder;
        AcquiredAt = now;
        ExpiresAt = expiresAt;
    }

    public Guid ClusterId { get; private set; }
    public string Holder { get; private set; }
    public DateTimeOffset AcquiredAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// <summary>Takes the lease when it is free or expired (or ours already); false when another holder has it.</summary>
    public bool TryTake(string holder, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (Holder != holder && ExpiresAt > now) return false;
        if (Holder != holder) AcquiredAt = now;
        Holder = holder;
        ExpiresAt = expiresAt;
        Version = Guid.NewGuid();
        return true;
    }

    public void Release(string holder, DateTimeOffset now)
    {
        if (Holder != holder) return;
        ExpiresAt = now;
        Version = Guid.NewGuid();
    }
}
