using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Domain;

public class OperationRequestLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static OperationRequest NewBackup(string requester = "alice") =>
        OperationRequest.ForBackup(Guid.NewGuid(), Guid.NewGuid(), "shop-frontend",
            new BackupParameters(TimeSpan.FromHours(24), VolumeBackupMode.Snapshot, null), requester, requester, null, T0);

    private static OperationRequest Queued()
    {
        var r = NewBackup();
        r.Submit(needsApproval: false, T0);
        r.Enqueue(T0);
        return r;
    }

    [Fact]
    public void Submit_WhenPolicyApprovesAutomatically_IsApproved()
    {
        var r = NewBackup();
        r.Submit(needsApproval: false, T0);
        Assert.Equal(RequestStatus.Approved, r.Status);
        Assert.Equal("policy", r.DecidedByName);
    }

    [Fact]
    public void Submit_WhenApprovalNeeded_WaitsForApproval()
    {
        var r = NewBackup();
        r.Submit(needsApproval: true, T0);
        Assert.Equal(RequestStatus.PendingApproval, r.Status);
    }

    [Fact]
    public void Approve_ByRequester_IsRefused()
    {
        var r = NewBackup("alice");
        r.Submit(true, T0);
        var ex = Assert.Throws<DomainException>(() => r.Approve("alice", "Alice", null, T0));
        Assert.Contains("own request", ex.Message);
        Assert.Equal(RequestStatus.PendingApproval, r.Status);
    }

    [Fact]
    public void Approve_ByAnotherUser_RecordsApprover()
    {
        var r = NewBackup("alice");
        r.Submit(true, T0);
        r.Approve("sam", "Sam", "ok", T0.AddMinutes(1));
        Assert.Equal(RequestStatus.Approved, r.Status);
        Assert.Equal("Sam", r.DecidedByName);
        Assert.Equal("ok", r.DecisionComment);
    }

    [Fact]
    public void Reject_WithoutComment_IsRefused()
    {
        var r = NewBackup();
        r.Submit(true, T0);
        Assert.Throws<DomainException>(() => r.Reject("sam", "Sam", " ", T0));
    }

    [Fact]
    public void Approve_WhenAlreadyRejected_IsRefused()
    {
        var r = NewBackup();
        r.Submit(true, T0);
        r.Reject("sam", "Sam", "not now", T0);
        Assert.Throws<DomainException>(() => r.Approve("rita", "Rita", null, T0));
        Assert.Equal(RequestStatus.Rejected, r.Status);
    }

    [Fact]
    public void Enqueue_BeforeApproval_IsRefused()
    {
        var r = NewBackup();
        r.Submit(true, T0);
        Assert.Throws<DomainException>(() => r.Enqueue(T0));
    }

    [Fact]
    public void Claim_QueuedRequest_RunsUnderLease()
    {
        var r = Queued();
        r.Claim("worker-1", T0.AddSeconds(30), T0);
        Assert.Equal(RequestStatus.Running, r.Status);
        Assert.Equal("worker-1", r.LeaseOwner);
        Assert.Equal(1, r.Attempt);
    }

    [Fact]
    public void Claim_WhileLeaseHeld_IsRefused()
    {
        var r = Queued();
        r.Claim("worker-1", T0.AddSeconds(30), T0);
        Assert.False(r.IsClaimable(T0.AddSeconds(10)));
        Assert.Throws<DomainException>(() => r.Claim("worker-2", T0.AddSeconds(40), T0.AddSeconds(10)));
    }

    [Fact]
    public void Claim_AfterLeaseExpired_IsTakenOverAsNextAttempt()
    {
        var r = Queued();
        r.Claim("worker-1", T0.AddSeconds(30), T0);
        r.Claim("worker-2", T0.AddSeconds(90), T0.AddSeconds(31));
        Assert.Equal("worker-2", r.LeaseOwner);
        Assert.Equal(2, r.Attempt);
    }

    [Fact]
    public void RenewLease_ByFormerOwner_IsRefused()
    {
        var r = Queued();
        r.Claim("worker-1", T0.AddSeconds(30), T0);
        r.Claim("worker-2", T0.AddSeconds(90), T0.AddSeconds(31));
        Assert.Throws<DomainException>(() => r.RenewLease("worker-1", T0.AddSeconds(120), T0.AddSeconds(32)));
    }

    [Fact]
    public void Release_AfterTransientFault_IsClaimableOnlyAfterRetryTime()
    {
        var r = Queued();
        r.Claim("worker-1", T0.AddSeconds(30), T0);
        r.Release("worker-1", "cluster down", T0.AddMinutes(1), T0.AddSeconds(5));
        Assert.Equal(RequestStatus.Running, r.Status);
        Assert.False(r.IsClaimable(T0.AddSeconds(30)));
        Assert.True(r.IsClaimable(T0.AddMinutes(1)));
    }

    [Theory]
    [InlineData(RequestStatus.Succeeded)]
    [InlineData(RequestStatus.PartiallyFailed)]
    [InlineData(RequestStatus.Failed)]
    public void Complete_WithOutcome_EndsRunAndDropsLease(RequestStatus outcome)
    {
        var r = Queued();
        r.Claim("worker-1", T0.AddSeconds(30), T0);
        r.Complete(outcome, outcome == RequestStatus.Succeeded ? null : "why", T0.AddMinutes(2));
        Assert.Equal(outcome, r.Status);
        Assert.Null(r.LeaseOwner);
        Assert.True(r.Status.IsTerminal());
    }

    [Fact]
    public void Complete_WithNonOutcomeStatus_Throws()
    {
        var r = Queued();
        r.Claim("worker-1", T0.AddSeconds(30), T0);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Complete(RequestStatus.Queued, null, T0));
    }

    [Fact]
    public void Cancel_WhileRunning_IsRefusedWithReason()
    {
        var r = Queued();
        r.Claim("worker-1", T0.AddSeconds(30), T0);
        var ex = Assert.Throws<DomainException>(() => r.Cancel(T0));
        Assert.Contains("already running", ex.Message);
    }

    [Fact]
    public void Cancel_WhenQueued_Cancels()
    {
        var r = Queued();
        r.Cancel(T0);
        Assert.Equal(RequestStatus.Cancelled, r.Status);
        Assert.False(r.IsClaimable(T0));
    }

    [Fact]
    public void RecordProgress_WhenNotRunning_IsRefused()
    {
        var r = Queued();
        Assert.Throws<DomainException>(() => r.RecordProgress("InProgress", 10, 1, 0, 0, T0));
    }

    [Fact]
    public void ForRestore_WithInvalidTargetNamespace_Throws()
    {
        var ex = Assert.Throws<DomainException>(() => OperationRequest.ForRestore(Guid.NewGuid(), Guid.NewGuid(), "shop",
            new RestoreParameters("b1", "Shop_Copy", ExistingResourcePolicy.None, true), "a", "a", null, T0));
        Assert.Contains("lower-case", ex.Message);
    }

    [Fact]
    public void Version_ChangesOnEveryTransition()
    {
        var r = NewBackup();
        var v0 = r.Version;
        r.Submit(false, T0);
        Assert.NotEqual(v0, r.Version);
    }
}
