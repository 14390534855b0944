namespace Portal.Execution.Databases;

public sealed class DatabaseDumpOptions
{
    public const string Section = "DatabaseDumps";

    /// <summary>How often the tracker lists the runs that CronJobs and ScheduledBackups made on their own, to record
    /// their dumps. A finished Job is kept a day (ttlSecondsAfterFinished), so a slow round loses nothing.</summary>
    public TimeSpan TrackInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a request waits for one CloudNativePG Backup, counted from the Backup's creation, before it fails
    /// saying so. A dump Job has its own deadline (activeDeadlineSeconds); an operator's Backup stuck in
    /// <c>walArchivingFailing</c> would otherwise hold its request forever.</summary>
    public TimeSpan OperatorBackupDeadline { get; set; } = TimeSpan.FromHours(12);
}
