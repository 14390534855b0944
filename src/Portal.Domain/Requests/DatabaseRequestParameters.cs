namespace Portal.Domain.Requests;

/// <summary>Parameters of a request about a registered database.</summary>
public interface IDatabaseRequestParameters
{
    Guid DatabaseId { get; }
}

public enum DumpScheduleAction
{
    /// <summary>Create or update the schedule's object on the cluster (also for suspend and resume).</summary>
    Apply,
    /// <summary>Delete the schedule's object; artifacts already written stay where they are.</summary>
    Delete,
}

public sealed record DumpScheduleChangeParameters(Guid DatabaseId, Guid ScheduleId, DumpScheduleAction Action) : IDatabaseRequestParameters;

/// <summary>One run of <paramref name="ScheduleId"/>'s dump, now.</summary>
public sealed record DatabaseDumpParameters(Guid DatabaseId, Guid ScheduleId) : IDatabaseRequestParameters;

public enum RestoreTarget
{
    /// <summary>Over the database the dump came from.</summary>
    SameDatabase,
    /// <summary>A database that does not exist yet, on the server the dump came from.</summary>
    NewDatabase,
    /// <summary>A database of another registered server of the tenant.</summary>
    OtherDatabase,
}

/// <summary>Restore of one dump artifact into <paramref name="TargetDatabaseName"/> on the server registered as
/// <paramref name="TargetDatabaseId"/>. <paramref name="Overwrite"/> means the database exists and is replaced.</summary>
public sealed record DatabaseRestoreParameters(Guid DatabaseId, Guid ArtifactId, RestoreTarget Target, Guid TargetDatabaseId,
    string TargetDatabaseName, bool Overwrite, bool Verify = true) : IDatabaseRequestParameters;

/// <summary>A dump of the schedule's database, then a Velero backup of its namespace.</summary>
public sealed record RecoveryPointParameters(Guid DatabaseId, Guid ScheduleId, TimeSpan BackupTtl, VolumeBackupMode VolumeMode) : IDatabaseRequestParameters;
