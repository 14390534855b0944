using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.Submit;

/// <summary>The part of submitting that every kind of request shares: policy, timeline, audit, queue.</summary>
internal static class RequestSubmission
{
    public static async Task SubmitAsync(IPortalDbContext db, AccessContext caller, OperationRequest request,
        DateTimeOffset now, CancellationToken ct)
    {
        var (requiresApproval, approver) = await ApprovalRules.ResolveAsync(db, request.TenantId, request.Kind, ct);
        request.Submit(requiresApproval, now);
        db.Requests.Add(request);
        var who = caller.Principal.DisplayName;
        db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Submitted, $"Submitted by {who}", who, now, request.Reason));
        if (requiresApproval)
        {
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Step,
                $"Waiting for approval by a {approver.Display()} of the tenant", "policy", now.AddMicroseconds(1)));
        }
        else
        {
            // A microsecond apart (PostgreSQL keeps microseconds), so the timeline keeps the order in which things happened.
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Approved, "Approved automatically by policy", "policy", now.AddMicroseconds(1)));
            request.Enqueue(now);
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Queued, "Queued for execution", "policy", now.AddMicroseconds(2)));
        }
        db.Audit(caller, now, "request.submitted", "request", request.Id.ToString(),
            $"{request.Kind.Display()} of {request.Namespace} submitted ({request.Status})", request.TenantId);
    }
}
