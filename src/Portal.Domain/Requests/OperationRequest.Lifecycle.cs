using Portal.Domain.Common;

namespace Portal.Domain.Requests;

// The guarded transitions of a request. Each one either moves the status or throws a
// DomainException saying why it cannot; nothing else changes Status.
public sealed partial class OperationRequest
{
    public string? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionComment { get; private set; }

    /// <summary>Leaves Draft: either to the approvers' inbox or, when policy approves it, straight to the queue.</summary>
    public void Submit(bool needsApproval, DateTimeOffset now)
    {
        Require(RequestStatus.Draft, "submitted");
        Status = needsApproval ? RequestStatus.PendingApproval : RequestStatus.Approved;
        if (!needsApproval)
        {
            DecidedByName = "policy";
            DecidedAt = now;
        }
        Touch(now);
    }

    public void Approve(string approverId, string approverName, string? comment, DateTimeOffset now)
    {
        Require(RequestStatus.PendingApproval, "approved");
        if (approverId == RequestedById)
            throw new DomainException("You cannot approve your own request; another approver has to.");
        Status = RequestStatus.Approved;
        DecidedById = approverId;
        DecidedByName = approverName;
        DecidedAt = now;
        DecisionComment = comment;
        Touch(now);
    }

    public void Reject(string approverId, string approverName, string comment, DateTimeOffset now)
    {
        Require(RequestStatus.PendingApproval, "rejected");
        if (approverId == RequestedById)
            throw new DomainException("You cannot decide on your own request; cancel it instead.");
        if (string.IsNullOrWhiteSpace(comment))
            throw new DomainException("Say why the request is rejected, so the requester knows what to change.");
        Status = RequestStatus.Rejected;
        DecidedById = approverId;
        DecidedByName = approverName;
        DecidedAt = now;
        DecisionComment = comment;
        Touch(now);
    }

    /// <summary>Puts an approved request on the executor's queue.</summary>
    public void Enqueue(DateTimeOffset now)
    {
        Require(RequestStatus.Approved, "queued");
        Status = RequestStatus.Queued;
        Touch(now);
    }

    public void Cancel(DateTimeOffset now)
    {
        if (Status is not (RequestStatus.Draft or RequestStatus.PendingApproval or RequestStatus.Approved or RequestStatus.Queued))
            throw new DomainException(Status == RequestStatus.Running
                ? "The request is already running on the cluster and can no longer be cancelled."
                : $"A request that is {Status} cannot be cancelled.");
        Status = RequestStatus.Cancelled;
        Touch(now);
    }

    private void Require(RequestStatus expected, string verb)
    {
        if (Status != expected)
            throw new DomainException($"Only a request that is {expected} can be {verb}; this one is {Status}.");
    }
}
