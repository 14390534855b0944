namespace Portal.Domain.Requests;

/// <summary>How a snapshot is made consistent with its application before the point is taken.</summary>
public enum SnapshotConsistency
{
    /// <summary>Crash-consistent: the volumes are snapshotted as they are.</summary>
    None,
    /// <summary>The workload is scaled to zero first and back to its replicas after (a short outage, a clean point).</summary>
    ScaleToZero,
    /// <summary>A registered database runs its own checkpoint/flush statement by a Job just before the snapshot.</summary>
    DatabaseCheckpoint,
}

/// <summary>A Deployment or StatefulSet of the request's namespace.</summary>
public sealed record WorkloadReference(string Kind, string Name)
{
    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>"Snapshot now" of <paramref name="Claims"/> (the claims of <paramref name="Workload"/> when it is given), with
/// <paramref name="SnapshotClass"/> or the class for each claim's driver; <paramref name="Group"/> asks for one
/// VolumeGroupSnapshot (one consistent point across the claims). <paramref name="ScheduleId"/> is set when a snapshot
/// schedule asked for it.</summary>
public sealed record VolumeSnapshotParameters(IReadOnlyList<string> Claims, WorkloadReference? Workload, string? SnapshotClass,
    bool Group, SnapshotConsistency Consistency, Guid? DatabaseId = null, Guid? ScheduleId = null);

/// <summary>Delete VolumeSnapshot <paramref name="SnapshotName"/> of the request's namespace.</summary>
public sealed record SnapshotDeletionParameters(string SnapshotName);

/// <summary>Restore VolumeSnapshot <paramref name="SnapshotName"/> into a new claim <paramref name="NewClaimName"/> of the same
/// namespace (<paramref name="Size"/> at least the snapshot's restore size; its restore size when null).</summary>
public sealed record SnapshotRestoreParameters(string SnapshotName, string NewClaimName, string? Size = null);

/// <summary>Fast rollback of claim <paramref name="ClaimName"/> used by <paramref name="Workload"/> to VolumeSnapshot
/// <paramref name="SnapshotName"/>: scaled to zero, the claim replaced by one of the same name made from the snapshot, the
/// old volume retained until the workload is back and ready.</summary>
public sealed record ClaimRollbackParameters(string SnapshotName, string ClaimName, WorkloadReference Workload);

/// <summary>What a storage administrator asks of a cluster's VolumeSnapshotClasses.</summary>
public enum SnapshotClassChangeKind
{
    /// <summary>Label the class <c>velero.io/csi-volumesnapshot-class: "true"</c> (and no other class of its driver).</summary>
    UseForVelero,
    /// <summary>Annotate the class <c>snapshot.storage.kubernetes.io/is-default-class: "true"</c> (and no other class of its driver).</summary>
    MakeDefault,
}

/// <summary>A change to VolumeSnapshotClass <paramref name="SnapshotClassName"/> (of <paramref name="Driver"/>, recorded as asked),
/// with what the class was when it was asked, so the executor can tell whether someone else changed it meanwhile:
/// <paramref name="ResourceVersion"/> of the class, whether it carried the mark already (<paramref name="HadTheMark"/>), and the
/// other classes of the driver that carried the mark (<paramref name="OthersWithTheMark"/>, those that lose it). Null on requests
/// made before these were recorded.</summary>
public sealed record SnapshotClassChangeParameters(SnapshotClassChangeKind Change, string SnapshotClassName, string Driver,
    string? ResourceVersion = null, bool? HadTheMark = null, IReadOnlyList<string>? OthersWithTheMark = null);
