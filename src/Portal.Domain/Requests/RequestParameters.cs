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

public sealed record RestoreParameters(string BackupName, string TargetNamespace,
    ExistingResourcePolicy ExistingResourcePolicy, bool RestoreVolumes);

/// <summary>Which application of which wave a migration (or its rollback) request moves.</summary>
public sealed record MigrationRequestParameters(Guid PlanId, Guid WaveId, Guid ApplicationId);
