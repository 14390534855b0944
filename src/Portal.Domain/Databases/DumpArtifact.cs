using Portal.Domain.Common;

namespace Portal.Domain.Databases;

public enum DumpTrigger { Schedule, Manual, RecoveryPoint }

public enum DumpArtifactStatus { Running, Succeeded, Failed }

/// <summary>One run of a dump (a Job of the schedule's CronJob, or a "dump now" Job) and what it produced,
/// read from the Job's pod: the dump script writes its outcome as the container's termination message.</summary>
public sealed class DumpArtifact : Entity, IClusterScoped
{
    private DumpArtifact() { JobName = ""; }

    public DumpArtifact(DumpSchedule schedule, string jobName, DumpTrigger trigger, DateTimeOffset startedAt, Guid? requestId = null)
    {
        RequestId = requestId;
        Method = schedule.Method;
        TenantId = schedule.TenantId;
        ClusterId = schedule.ClusterId;
        ScheduleId = schedule.Id;
        DatabaseTargetId = schedule.DatabaseTargetId;
        JobName = jobName;
        Trigger = trigger;
        StartedAt = startedAt;
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public Guid ScheduleId { get; private set; }
    public Guid DatabaseTargetId { get; private set; }
    /// <summary>The Job (or CloudNativePG Backup) that made it.</summary>
    public string JobName { get; private set; }
    public DumpMethod Method { get; private set; }
    /// <summary>The "dump now" or recovery-point request that asked for it; null for scheduled runs.</summary>
    public Guid? RequestId { get; private set; }
    public DumpTrigger Trigger { get; private set; }
    public DumpArtifactStatus Status { get; private set; } = DumpArtifactStatus.Running;
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public long? SizeBytes { get; private set; }
    public string? Sha256 { get; private set; }
    /// <summary>Path of the artifact inside the destination (PVC or bucket prefix).</summary>
    public string? Location { get; private set; }
    public string? ToolVersion { get; private set; }
    /// <summary>The dump tool's own error text when the run failed.</summary>
    public string? Error { get; private set; }

    public TimeSpan? Duration => CompletedAt - StartedAt;

    public bool IsRestorable => Status == DumpArtifactStatus.Succeeded && Method == DumpMethod.NativeTool && Location is not null && Sha256 is not null;

    /// <summary>A CloudNativePG Backup completed: the operator reports its id and destination, not a size.</summary>
    public void SucceedOperator(DateTimeOffset startedAt, DateTimeOffset completedAt, string location)
    {
        RequireRunning();
        Status = DumpArtifactStatus.Succeeded;
        StartedAt = startedAt;
        CompletedAt = completedAt;
        Location = location;
        ToolVersion = "CloudNativePG";
    }

    public void Succeed(DateTimeOffset startedAt, DateTimeOffset completedAt, long sizeBytes, string sha256, string location, string? toolVersion)
    {
        RequireRunning();
        if (sizeBytes < 0) throw new DomainException("A dump cannot have a negative size.");
        Status = DumpArtifactStatus.Succeeded;
        StartedAt = startedAt;
        CompletedAt = completedAt;
        SizeBytes = sizeBytes;
        Sha256 = sha256;
        Location = location;
        ToolVersion = toolVersion;
    }

    public void Fail(DateTimeOffset completedAt, string error)
    {
        RequireRunning();
        Status = DumpArtifactStatus.Failed;
        CompletedAt = completedAt;
        Error = string.IsNullOrWhiteSpace(error) ? "The dump failed without an error message." : error;
    }

    private void RequireRunning()
    {
        if (Status != DumpArtifactStatus.Running) throw new DomainException($"This dump already ended ({Status}).");
    }
}
