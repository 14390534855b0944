using Portal.Domain.Common;

namespace Portal.Domain.Requests;

// What the executor records while it carries a request out. The lease makes the row a durable
// queue item: whoever holds an unexpired lease owns the work; an expired lease can be taken over.
public sealed partial class OperationRequest
{
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseExpiresAt { get; private set; }
    public int Attempt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Name of the Kubernetes object that carries the request out (deterministic, see ObjectNaming).</summary>
    public string? ObjectName { get; private set; }
    public string? ObjectKind { get; private set; }
    public string? Phase { get; private set; }
    public int? ItemsTotal { get; private set; }
    public int? ItemsDone { get; private set; }
    public int Warnings { get; private set; }
    public int Errors { get; private set; }
    /// <summary>Why it failed, in words a user understands.</summary>
    public string? FailureReason { get; private set; }
    /// <summary>What the run produced beyond its status, as JSON for the request page (e.g. a restore's
    /// verification report, a recovery point's dump and backup).</summary>
    public string? ResultJson { get; private set; }

    /// <summary>Whether the executor may claim the request at <paramref name="now"/>: <see cref="ClaimableRule"/>.</summary>
    public bool IsClaimable(DateTimeOffset now) => ClaimableRule.Holds(this, now);

    public void Claim(string owner, DateTimeOffset leaseUntil, DateTimeOffset now)
    {
        if (!IsClaimable(now))
            throw new DomainException($"The request is {Status} and leased by {LeaseOwner}; it cannot be claimed.");
        Status = RequestStatus.Running;
        LeaseOwner = owner;
        LeaseExpiresAt = leaseUntil;
        Attempt++;
        StartedAt ??= now;
        Touch(now);
    }

    public void RenewLease(string owner, DateTimeOffset leaseUntil, DateTimeOffset now)
    {
        RequireOwner(owner);
        LeaseExpiresAt = leaseUntil;
        Touch(now);
    }

    public void RecordObject(string kind, string name, DateTimeOffset now)
    {
        ObjectKind = kind;
        ObjectName = name;
        Touch(now);
    }

    public void RecordResult(string resultJson, DateTimeOffset now)
    {
        ResultJson = resultJson;
        Touch(now);
    }

    public void RecordProgress(string? phase, int? itemsTotal, int? itemsDone, int warnings, int errors, DateTimeOffset now)
    {
        if (Status != RequestStatus.Running) throw new DomainException($"Progress can only be recorded while running; the request is {Status}.");
        Phase = phase;
        ItemsTotal = itemsTotal;
        ItemsDone = itemsDone;
        Warnings = warnings;
        Errors = errors;
        Touch(now);
    }

    /// <summary>Ends the run. <paramref name="outcome"/> must be a terminal execution status.</summary>
    public void Complete(RequestStatus outcome, string? failureReason, DateTimeOffset now)
    {
        if (outcome is not (RequestStatus.Succeeded or RequestStatus.PartiallyFailed or RequestStatus.Failed))
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not an execution outcome.");
        if (Status != RequestStatus.Running) throw new DomainException($"Only a running request can complete; this one is {Status}.");
        Status = outcome;
        FailureReason = failureReason;
        CompletedAt = now;
        LeaseOwner = null;
        LeaseExpiresAt = null;
        Touch(now);
    }

    /// <summary>Gives the work back to the queue after a transient fault (cluster unreachable),
    /// keeping what was recorded so far, so the next attempt resumes.</summary>
    public void Release(string owner, string why, DateTimeOffset retryAt, DateTimeOffset now)
    {
        RequireOwner(owner);
        FailureReason = why;
        LeaseOwner = null;
        LeaseExpiresAt = retryAt; // nobody claims it before retryAt
        Touch(now);
    }

    private void RequireOwner(string owner)
    {
        if (Status != RequestStatus.Running || LeaseOwner != owner)
            throw new DomainException("This executor no longer holds the request's lease.");
    }
}
