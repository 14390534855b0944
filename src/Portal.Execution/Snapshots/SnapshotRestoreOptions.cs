namespace Portal.Execution.Snapshots;

/// <summary>How long a restore from a snapshot waits for each thing (section <c>Snapshots:Restore</c>).</summary>
public sealed class SnapshotRestoreOptions
{
    public const string Section = "Snapshots:Restore";

    /// <summary>Until a claim made from a snapshot is bound (the driver copies or clones the data first).</summary>
    public TimeSpan BindTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Until the workload's pods are gone after scaling to zero, and until a deleted claim is gone.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Until the workload is ready again after the rollback.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
