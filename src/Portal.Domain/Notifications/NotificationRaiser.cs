using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Protection;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;

namespace Portal.Domain.Notifications;

/// <summary>Which changes are worth telling, and in which words: the one rule, applied by the persistence layer to every
/// save (so the event is written in the same transaction as the change, whichever use case or executor made it).</summary>
public static class NotificationRaiser
{
    /// <summary>A request added (<paramref name="before"/> null) or changed. "Paused" is the executor giving it back to the
    /// queue after a cluster outage (the lease let go while still running): told once, on the first pause.</summary>
    public static NotificationEvent? ForRequest(OperationRequest r, RequestStatus? before, string? leaseOwnerBefore, string? failureBefore,
        DateTimeOffset now)
    {
        var what = $"{r.Kind.Display()} of {r.Namespace}";
        var link = $"/requests/{r.Id}";
        if (r.Status == RequestStatus.PendingApproval && before != RequestStatus.PendingApproval)
        {
            var type = r.Kind == RequestKind.ApplicationMigration ? NotificationEventType.WaveNeedsAcknowledgement : NotificationEventType.ApprovalNeeded;
            var title = type == NotificationEventType.ApprovalNeeded ? $"Approval needed: {what}" : $"Acknowledgement needed: {what}";
            return new(type, r.TenantId, r.ClusterId, r.Id, title, $"Asked by {r.RequestedByName}.", link, now);
        }
        if (before is null || before == r.Status)
        {
            var paused = r.Status == RequestStatus.Running && leaseOwnerBefore is not null && r.LeaseOwner is null && failureBefore is null;
            return paused
                ? new(NotificationEventType.RequestPaused, r.TenantId, r.ClusterId, r.Id, $"Paused: {what}",
                    $"{r.FailureReason} It will try again on its own.", link, now)
                : null;
        }
        return r.Status switch
        {
            RequestStatus.Succeeded => new(NotificationEventType.RequestSucceeded, r.TenantId, r.ClusterId, r.Id, $"Succeeded: {what}",
                $"Asked by {r.RequestedByName}.", link, now),
            RequestStatus.Failed or RequestStatus.PartiallyFailed => new(NotificationEventType.RequestFailed, r.TenantId, r.ClusterId, r.Id,
                $"{(r.Status == RequestStatus.Failed ? "Failed" : "Partially failed")}: {what}", r.FailureReason ?? "", link, now),
            _ => null,
        };
    }

    public static NotificationEvent? ForDrill(RestoreDrill d, DrillStatus before, DateTimeOffset now)
    {
        if (before == d.Status) return null;
        var link = $"/drills/{d.Id}";
        if (d.Status == DrillStatus.Failed)
            return new(NotificationEventType.DrillFailed, d.TenantId, d.ClusterId, d.Id, $"Restore drill failed: {d.Namespace}", d.Failure ?? "", link, now);
        if (d.Status == DrillStatus.Passed && !d.MetTarget)
            return new(NotificationEventType.DrillExceededRto, d.TenantId, d.ClusterId, d.Id, $"Restore drill exceeded its RTO: {d.Namespace}",
                $"Restored in {Common.Durations.Words(d.MeasuredRto ?? TimeSpan.Zero)}; the target is {Common.Durations.Words(d.TargetRto)}.", link, now);
        return null;
    }

    public static NotificationEvent? ForWave(MigrationWave w, MigrationWaveStatus before, DateTimeOffset now)
    {
        if (before == w.Status) return null;
        var link = $"/migrations/{w.PlanId}";
        if (w.Status == MigrationWaveStatus.Running)
            return new(NotificationEventType.WaveStarted, null, null, w.Id, $"Migration wave started: {w.Name}", "Its applications are moving.", link, now);
        if (w.Status is MigrationWaveStatus.Completed or MigrationWaveStatus.CompletedWithProblems or MigrationWaveStatus.RolledBack
            && before is MigrationWaveStatus.Running or MigrationWaveStatus.Scheduled)
            return new(NotificationEventType.WaveFinished, null, null, w.Id, $"Migration wave finished: {w.Name}", w.Status switch
            {
                MigrationWaveStatus.Completed => "Every application moved.",
                MigrationWaveStatus.CompletedWithProblems => "Some applications did not move.",
                _ => "Every application is back where it was.",
            }, link, now);
        return null;
    }

    /// <summary>A health check that found the cluster unreachable (or refusing the portal) after it was not.</summary>
    public static NotificationEvent? ForCluster(Cluster c, ClusterHealth before, DateTimeOffset now)
    {
        var down = c.Health is ClusterHealth.Unreachable or ClusterHealth.Unauthorized;
        var wasDown = before is ClusterHealth.Unreachable or ClusterHealth.Unauthorized;
        return down && !wasDown
            ? new(NotificationEventType.ClusterUnreachable, null, c.Id, c.Id, $"Cluster unreachable: {c.Name}", c.HealthMessage ?? "", $"/clusters/{c.Id}", now)
            : null;
    }

    /// <summary>A namespace turned At risk or Unprotected (<see cref="NamespaceRpoState.ObserveStatus"/> said the change is worth
    /// telling): the reason is the status reader's, the link the namespace's page.</summary>
    public static NotificationEvent ForProtection(Guid tenantId, Guid clusterId, Guid namespaceId, string @namespace, string clusterName,
        ProtectionStatus status, string reason, DateTimeOffset now) =>
        new(NotificationEventType.ProtectionAtRisk, tenantId, clusterId, namespaceId,
            $"{(status == ProtectionStatus.Unprotected ? "Unprotected" : "At risk")}: {@namespace} on {clusterName}", reason, $"/namespaces/{namespaceId}", now);

    public static NotificationEvent ChannelPaused(NotificationChannel channel, DateTimeOffset now) =>
        new(NotificationEventType.ChannelPaused, channel.TenantId, null, channel.Id, $"Notification channel paused: {channel.Name}",
            channel.PausedReason ?? "", channel.TenantId is { } t ? $"/tenants/{t}#notifications" : "/account/notifications", now);
}
