namespace Portal.Domain.Requests;

/// <summary>The one check of a snapshot's consistency choice against what it needs (a workload to scale, a database to
/// checkpoint), shared by "snapshot now", schedules and the executor.</summary>
public static class SnapshotConsistencyRules
{
    /// <summary>What is wrong, in words; null when the choice is complete.</summary>
    public static string? Problem(SnapshotConsistency consistency, WorkloadReference? workload, Guid? databaseId) => consistency switch
    {
        SnapshotConsistency.ScaleToZero when workload is null => "Scaling to zero needs a workload: choose the workload whose claims to snapshot.",
        SnapshotConsistency.DatabaseCheckpoint when databaseId is null || databaseId == Guid.Empty =>
            "A database checkpoint needs the database: choose the registered database whose checkpoint runs before the snapshot.",
        not SnapshotConsistency.DatabaseCheckpoint when databaseId is not null =>
            "A database is chosen only for a database checkpoint: choose \"Database checkpoint\", or no database.",
        _ => null,
    };
}
