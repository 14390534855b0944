namespace Portal.Domain.Requests;

/// <summary>How a Velero backup treats persistent volumes.</summary>
public enum VolumeBackupMode
{
    /// <summary>Velero takes volume snapshots (CSI or provider).</summary>
    Snapshot,
    /// <summary>Velero copies volume files with its node agent (kopia).</summary>
    FileSystem,
    /// <summary>Only the Kubernetes objects, no volume data.</summary>
    None,
}

/// <summary>What to do with objects that already exist in the target namespace (Velero's
/// <c>existingResourcePolicy</c>).</summary>
public enum ExistingResourcePolicy
{
    /// <summary>Leave existing objects alone (Velero's default).</summary>
    None,
    /// <summary>Update existing objects to the backed-up version.</summary>
    Update,
}

public sealed record BackupParameters(TimeSpan Ttl, VolumeBackupMode VolumeMode, string? StorageLocation);

/// <param name="IntoExistingNamespace">The target is a namespace the tenant owns already (the source itself, or another one)
/// and the requester confirmed writing into it; false for a restore into a new namespace, which must still be new when it runs.</param>
public sealed record RestoreParameters(string BackupName, string TargetNamespace,
    ExistingResourcePolicy ExistingResourcePolicy, bool RestoreVolumes, bool IntoExistingNamespace = false);

/// <summary>Which application of which wave a migration (or its rollback) request moves.</summary>
public sealed record MigrationRequestParameters(Guid PlanId, Guid WaveId, Guid ApplicationId);

/// <summary>A restore drill of the request's namespace (the drill row, found by the request's id, holds the rest: scratch
/// namespace, checks, keep for inspection). <paramref name="BackupName"/> null: the latest good backup, resolved when it runs.
/// <paramref name="TargetClusterId"/> is where it restores (the request's cluster, or another registered one).</summary>
public sealed record RestoreDrillParameters(string? BackupName, Guid TargetClusterId, Guid? ScheduleId = null);
