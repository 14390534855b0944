using Portal.Domain.Databases;

namespace Portal.Application.Features.Databases;

public sealed record DumpScheduleView(Guid Id, string Name, DumpMethod Method, string Summary, string? DatabaseName, string Cron, string TimeZone,
    string? OperatorCron, DumpScheduleState State, bool Suspended, string? ClientImage, DumpDestination? Destination, DumpRetention? Retention,
    CnpgBackupMethod? CnpgMethod, string ObjectName, DateTimeOffset? AppliedAt, IReadOnlyList<DateTimeOffset> NextRuns, string CreatedBy);

public sealed record DumpArtifactView(Guid Id, Guid ScheduleId, string ScheduleName, string JobName, DumpMethod Method, DumpTrigger Trigger,
    DumpArtifactStatus Status, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, TimeSpan? Duration, long? SizeBytes, string? Sha256,
    string? Location, string? ToolVersion, string? Error, bool IsRestorable, Guid? RequestId)
{
    internal static DumpArtifactView Of(DumpArtifact a, string scheduleName) =>
        new(a.Id, a.ScheduleId, scheduleName, a.JobName, a.Method, a.Trigger, a.Status, a.StartedAt, a.CompletedAt, a.Duration, a.SizeBytes,
            a.Sha256, a.Location, a.ToolVersion, a.Error, a.IsRestorable, a.RequestId);
}

/// <summary>How old the newest good dump is against the database's RPO target.</summary>
public sealed record RpoStatus(TimeSpan? Target, DateTimeOffset? NewestGoodDumpAt, TimeSpan? Age, bool Breached)
{
    public static RpoStatus Evaluate(TimeSpan? target, DateTimeOffset? newestGood, DateTimeOffset now)
    {
        var age = newestGood is { } at ? now - at : (TimeSpan?)null;
        return new RpoStatus(target, newestGood, age, target is { } t && (age is null || age > t));
    }
}

/// <summary>A registered server a dump of this database may be restored into.</summary>
public sealed record RestoreTargetOption(Guid DatabaseId, string Name, string ClusterName, string Namespace, DatabaseEngine Engine,
    IReadOnlyList<string> DatabaseNames);
