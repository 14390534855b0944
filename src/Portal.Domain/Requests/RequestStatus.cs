namespace Portal.Domain.Requests;

/// <summary>PRODUCT.md, "How a request lives". Stored as strings.</summary>
public enum RequestStatus
{
    Draft,
    PendingApproval,
    Approved,
    Queued,
    Running,
    Succeeded,
    PartiallyFailed,
    Failed,
    Rejected,
    Cancelled,
}

public static class RequestStatusExtensions
{
    public static bool IsTerminal(this RequestStatus s) =>
        s is RequestStatus.Succeeded or RequestStatus.PartiallyFailed or RequestStatus.Failed
            or RequestStatus.Rejected or RequestStatus.Cancelled;
}

public enum RequestKind
{
    NamespaceBackup,
    NamespaceRestore,
    /// <summary>Realize a dump schedule on its cluster (CronJob or CloudNativePG ScheduledBackup), or remove it.</summary>
    DumpScheduleChange,
    /// <summary>"Dump now": one run of a schedule as a Job (or a CloudNativePG Backup).</summary>
    DatabaseDump,
    /// <summary>Restore a dump into a database that does not exist yet.</summary>
    DatabaseRestore,
    /// <summary>Restore a dump over an existing database: its own kind, so policy can demand approval for it alone.</summary>
    DatabaseOverwrite,
    /// <summary>A consistent recovery point: a dump first, then the Velero backup of the namespace.</summary>
    RecoveryPoint,
    /// <summary>Move one application of an approved migration wave to the target cluster.</summary>
    ApplicationMigration,
    /// <summary>Undo the move of one application: target cleaned up, source scaled back up, its GitOps unfrozen.</summary>
    MigrationRollback,
    /// <summary>Protect a namespace (or a cluster's resources) with a policy, change its policy, pause, resume, remove
    /// it, or put its Velero Schedule back as the portal wrote it.</summary>
    ProtectionChange,
    /// <summary>"Back up now": one backup of a protected namespace from its Schedule's template.</summary>
    ProtectionBackupNow,
    /// <summary>A restore drill: a backup restored into an isolated scratch namespace, verified, measured and removed.</summary>
    RestoreDrill,
    /// <summary>"Snapshot now": CSI VolumeSnapshots of one claim or of every claim of a workload (or one VolumeGroupSnapshot),
    /// optionally made application-consistent first.</summary>
    VolumeSnapshot,
    /// <summary>Delete one of the namespace's VolumeSnapshots (a recovery point goes away: confirmed by name).</summary>
    SnapshotDeletion,
    /// <summary>Restore a VolumeSnapshot into a new claim of the same namespace; nothing existing is touched.</summary>
    SnapshotRestore,
    /// <summary>Fast rollback: a workload's claim replaced by one made from a snapshot, same name, the old volume kept until verified.</summary>
    ClaimRollback,
    /// <summary>A storage administrator's change to a cluster's VolumeSnapshotClasses (e.g. which one Velero uses for a driver).</summary>
    SnapshotClassChange,
}

public static class RequestKindNames
{
    public static string Display(this RequestKind kind) => kind switch
    {
        RequestKind.NamespaceBackup => "Namespace backup",
        RequestKind.NamespaceRestore => "Namespace restore",
        RequestKind.DumpScheduleChange => "Dump schedule change",
        RequestKind.DatabaseDump => "Database dump",
        RequestKind.DatabaseRestore => "Database restore",
        RequestKind.DatabaseOverwrite => "Database overwrite",
        RequestKind.RecoveryPoint => "Consistent recovery point",
        RequestKind.ApplicationMigration => "Application migration",
        RequestKind.MigrationRollback => "Migration rollback",
        RequestKind.ProtectionChange => "Protection change",
        RequestKind.ProtectionBackupNow => "Back up now (protection)",
        RequestKind.RestoreDrill => "Restore drill",
        RequestKind.VolumeSnapshot => "Volume snapshot",
        RequestKind.SnapshotDeletion => "Snapshot deletion",
        RequestKind.SnapshotRestore => "Snapshot restore to a new claim",
        RequestKind.ClaimRollback => "Fast rollback from a snapshot",
        RequestKind.SnapshotClassChange => "Snapshot class change",
        _ => kind.ToString(),
    };
}

public static class RequestKindGroups
{
    /// <summary>Requests about a registered database; they carry its id in their parameters.</summary>
    public static bool IsDatabaseKind(this RequestKind kind) =>
        kind is RequestKind.DumpScheduleChange or RequestKind.DatabaseDump or RequestKind.DatabaseRestore
            or RequestKind.DatabaseOverwrite or RequestKind.RecoveryPoint;
}

public static class ProtectionRequestKinds
{
    /// <summary>Requests about a namespace's continuous protection; they carry <see cref="ProtectionChangeParameters"/>
    /// or <see cref="ProtectionBackupNowParameters"/>.</summary>
    public static bool IsProtectionKind(this RequestKind kind) => kind is RequestKind.ProtectionChange or RequestKind.ProtectionBackupNow;
}

public static class MigrationRequestKinds
{
    /// <summary>Requests that carry out a migration wave; the wave's approval stands for theirs.</summary>
    public static bool IsMigrationKind(this RequestKind kind) => kind is RequestKind.ApplicationMigration or RequestKind.MigrationRollback;
}

public static class SnapshotRequestKinds
{
    /// <summary>Requests about CSI snapshots of a tenant's claims; they carry the parameters in <c>SnapshotRequestParameters.cs</c>.</summary>
    public static bool IsSnapshotKind(this RequestKind kind) =>
        kind is RequestKind.VolumeSnapshot or RequestKind.SnapshotDeletion or RequestKind.SnapshotRestore or RequestKind.ClaimRollback;
}
