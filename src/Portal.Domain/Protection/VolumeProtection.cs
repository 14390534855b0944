namespace Portal.Domain.Protection;

/// <summary>How a protection policy keeps the data of a namespace's volumes, in Velero's terms.</summary>
public enum VolumeProtection
{
    /// <summary>Only the objects: no volume data (stateless applications, or data kept elsewhere).</summary>
    None,

    /// <summary>Velero's file-system backup (Kopia) of every pod volume, to the backup storage location.</summary>
    FileSystemBackup,

    /// <summary>CSI snapshots, kept on the storage system that took them (fast to restore, lost with that system).</summary>
    CsiSnapshots,

    /// <summary>CSI snapshots whose data Velero then moves to the backup storage location (survives the storage system).</summary>
    CsiSnapshotsMovedToObjectStorage,
}
