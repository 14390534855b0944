using Portal.Domain.Clusters;
using Portal.Domain.Notifications;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Application.Notifications;

public class NotificationRaiserTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T10:00:00Z");

    private static OperationRequest Backup(bool needsApproval)
    {
        var r = OperationRequest.ForBackup(Guid.NewGuid(), Guid.NewGuid(), "shop-web", new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.Snapshot, null),
            "u1", "Uma", null, Now);
        r.Submit(needsApproval, Now);
        return r;
    }

    [Fact]
    public void ForRequest_SubmittedForApproval_IsApprovalNeeded_LinkingToTheRequest()
    {
        var r = Backup(true);
        var e = NotificationRaiser.ForRequest(r, null, null, null, Now);
        Assert.Equal(NotificationEventType.ApprovalNeeded, e!.Type);
        Assert.Equal((r.TenantId, r.Id, $"/requests/{r.Id}"), (e.TenantId!.Value, e.SubjectId!.Value, e.LinkPath));
    }

    [Fact]
    public void ForRequest_UnchangedStatus_OrQueued_TellsNothing()
    {
        var r = Backup(false);
        Assert.Null(NotificationRaiser.ForRequest(r, null, null, null, Now));
        Assert.Null(NotificationRaiser.ForRequest(r, r.Status, null, null, Now));
    }

    [Fact]
    public void ForRequest_CompletedRuns_AreSucceededOrFailed()
    {
        var r = Backup(false);
        r.Enqueue(Now);
        r.Claim("w", Now.AddMinutes(1), Now);
        r.Complete(RequestStatus.PartiallyFailed, "2 items failed", Now);
        var e = NotificationRaiser.ForRequest(r, RequestStatus.Running, "w", null, Now);
        Assert.Equal(NotificationEventType.RequestFailed, e!.Type);
        Assert.Contains("Partially failed", e.Title);
        Assert.Equal("2 items failed", e.Detail);
    }

    [Fact]
    public void ForRequest_ReleasedAfterAnOutage_IsPaused_OnlyTheFirstTime()
    {
        var r = Backup(false);
        r.Enqueue(Now);
        r.Claim("w", Now.AddMinutes(1), Now);
        r.Release("w", "prod-1 did not answer.", Now.AddMinutes(1), Now);
        Assert.Equal(NotificationEventType.RequestPaused, NotificationRaiser.ForRequest(r, RequestStatus.Running, "w", null, Now)!.Type);
        Assert.Null(NotificationRaiser.ForRequest(r, RequestStatus.Running, "w", "prod-1 did not answer.", Now));
    }

    [Fact]
    public void ForCluster_OnlyTheTurnToUnreachable_IsTold()
    {
        var c = new Cluster("prod-1", "https://prod-1:6443", "x", ClusterAuthKind.BearerToken, "seed", Now);
        c.RecordHealth(ClusterHealth.Unreachable, "connection refused", null, Now);
        Assert.Equal(NotificationEventType.ClusterUnreachable, NotificationRaiser.ForCluster(c, ClusterHealth.Reachable, Now)!.Type);
        Assert.Null(NotificationRaiser.ForCluster(c, ClusterHealth.Unreachable, Now));
        Assert.Null(NotificationRaiser.ForCluster(c, ClusterHealth.Unauthorized, Now));
    }

    [Fact]
    public void Channel_ThirdFailureInARow_PausesIt_AndResumeStartsOver()
    {
        var ch = NotificationChannel.ForTenant(Guid.NewGuid(), "hook", NotificationChannelKind.Webhook, "enc", "hint", null,
            [NotificationEventType.RequestFailed], Now);
        Assert.False(ch.RecordFailure("HTTP 500", 3, Now));
        Assert.False(ch.RecordFailure("HTTP 500", 3, Now));
        Assert.True(ch.RecordFailure("HTTP 500", 3, Now));
        Assert.True(ch.IsPaused);
        Assert.False(ch.RecordFailure("HTTP 500", 3, Now)); // told once
        ch.Resume(Now);
        Assert.Equal((false, 0), (ch.IsPaused, ch.ConsecutiveFailures));
        Assert.Equal(NotificationEventType.ChannelPaused, NotificationRaiser.ChannelPaused(ch, Now).Type);
    }

    [Fact]
    public void Channel_WantsOnlyTheTypesItChose()
    {
        var ch = NotificationChannel.ForTenant(Guid.NewGuid(), "hook", NotificationChannelKind.Slack, "enc", "hint", null,
            [NotificationEventType.RequestFailed, NotificationEventType.ClusterUnreachable], Now);
        Assert.True(ch.Wants(NotificationEventType.ClusterUnreachable));
        Assert.False(ch.Wants(NotificationEventType.ApprovalNeeded));
        Assert.Equal("RequestFailed,ClusterUnreachable", ch.EventTypes); // in the enum's order
    }
}
