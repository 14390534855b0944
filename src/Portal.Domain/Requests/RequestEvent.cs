using Portal.Domain.Common;

namespace Portal.Domain.Requests;

/// <summary>One line of a request's timeline: submitted, approved by whom, each execution step,
/// the Kubernetes object and its phases.</summary>
public sealed class RequestEvent : Entity, IClusterScoped
{
    private RequestEvent() { Title = Actor = ""; }

    public RequestEvent(OperationRequest request, RequestEventKind kind, string title, string actor, DateTimeOffset at, string? detail = null)
    {
        RequestId = request.Id;
        TenantId = request.TenantId;
        ClusterId = request.ClusterId;
        Kind = kind;
        Title = title;
        Actor = actor;
        At = at;
        Detail = detail;
    }

    public Guid RequestId { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public RequestEventKind Kind { get; private set; }
    public string Title { get; private set; }
    public string? Detail { get; private set; }
    public string Actor { get; private set; }
    public DateTimeOffset At { get; private set; }
    /// <summary>Stamped by the persistence layer when the row is inserted, strictly increasing in insertion order:
    /// the timeline's order. Events written together often share <see cref="At"/>; their sequence still tells which came first.</summary>
    public long Sequence { get; private set; }
}

public enum RequestEventKind { Submitted, Approved, Rejected, Queued, Started, Step, Phase, Warning, Succeeded, PartiallyFailed, Failed, Cancelled, Retry }
