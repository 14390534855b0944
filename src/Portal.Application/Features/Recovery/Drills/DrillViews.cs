using Portal.Domain.Recovery;

namespace Portal.Application.Features.Recovery.Drills;

/// <summary>One drill as the history and its page show it.</summary>
public sealed record DrillView(Guid Id, Guid TenantId, Guid ClusterId, string ClusterName, string Namespace, Guid TargetClusterId, string TargetClusterName,
    string ScratchNamespace, string? BackupName, bool BackupChosen, DateTimeOffset? BackupTakenAt, DrillTrigger Trigger, Guid? ScheduleId,
    Guid RequestId, DrillStatus Status, string Step, DateTimeOffset CreatedAt, DateTimeOffset? RestoreStartedAt, DateTimeOffset? VerifiedAt,
    DateTimeOffset? FinishedAt, TimeSpan? MeasuredRto, TimeSpan TargetRto, bool MetTarget, string? Failure, IReadOnlyList<DrillCheck> Checks,
    IReadOnlyList<DrillCheckResult> CheckResults, DateTimeOffset? KeepUntil, DrillCleanupState CleanupState, DateTimeOffset? CleanedUpAt,
    string? CleanupError, string RequestedBy)
{
    public static DrillView Of(RestoreDrill d, string clusterName, string targetClusterName) => new(d.Id, d.TenantId, d.ClusterId, clusterName,
        d.Namespace, d.TargetClusterId, targetClusterName, d.ScratchNamespaceName, d.BackupName, d.BackupChosen, d.BackupTakenAt, d.Trigger,
        d.ScheduleId, d.RequestId, d.Status, d.Step, d.CreatedAt, d.RestoreStartedAt, d.VerifiedAt, d.FinishedAt, d.MeasuredRto, d.TargetRto,
        d.MetTarget, d.Failure, d.Checks, d.CheckResults, d.KeepUntil, d.CleanupState, d.CleanedUpAt, d.CleanupError, d.RequestedBy);
}

/// <summary>A drill schedule as its form shows it.</summary>
public sealed record DrillScheduleView(Guid Id, string Cron, string TimeZone, Guid? TargetClusterId, IReadOnlyList<DrillCheck> Checks,
    TimeSpan? KeepForInspection, bool Enabled, DateTimeOffset? LastRunAt, DateTimeOffset NextDueAt, Guid? PolicyId)
{
    public static DrillScheduleView Of(DrillSchedule s) =>
        new(s.Id, s.Cron, s.TimeZone, s.TargetClusterId, s.Checks, s.KeepForInspection, s.Enabled, s.LastRunAt, s.NextDueAt, s.PolicyId);
}
