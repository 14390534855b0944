using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Requests.Decide;

public sealed record DecideOnRequestCommand(Guid RequestId, bool Approve, string? Comment);

/// <summary>An approver approves (the request joins the queue) or rejects (with a reason) a pending request.</summary>
public sealed class DecideOnRequest(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<RequestStatus>> HandleAsync(DecideOnRequestCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(DecideOnRequest), cmd.RequestId);
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == cmd.RequestId, ct);
        if (request is null) return Error.NotFound("The request");
        if (request.RequestedById == caller.Principal.UserId)
            return caller.Refuse("You cannot approve or reject your own request; another approver has to.");
        var (_, approver) = await ApprovalRules.ResolveAsync(db, request.TenantId, request.Kind, ct);
        if (!ApprovalRules.CanDecide(caller, request, approver))
            return caller.Refuse($"Only a {Domain.Access.PersonaNames.Display(approver)} of this tenant can decide on this request.");
        if (InputLimits.ExplainTooLong(cmd.Comment, InputLimits.Reason, "comment") is { } tooLong) return Error.Validation(tooLong);
        if (!cmd.Approve && string.IsNullOrWhiteSpace(cmd.Comment))
            return Error.Validation("Say why you reject the request, so the requester knows what to change.");

        var now = s.Now;
        var who = caller.Principal.DisplayName;
        try
        {
            if (cmd.Approve)
            {
                request.Approve(caller.Principal.UserId, who, cmd.Comment?.Trim(), now);
                db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Approved, $"Approved by {who}", who, now, cmd.Comment));
                RequestSubmission.Queue(db, request, now);
            }
            else
            {
                request.Reject(caller.Principal.UserId, who, cmd.Comment!.Trim(), now);
                db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Rejected, $"Rejected by {who}", who, now, cmd.Comment));
            }
        }
        catch (DomainException ex)
        {
            return Error.Conflict(ex.Message);
        }
        db.Audit(caller, now, cmd.Approve ? "request.approved" : "request.rejected", "request", request.Id.ToString(),
            $"{request.Kind.Display()} of {request.Namespace} {(cmd.Approve ? "approved" : "rejected")}{(string.IsNullOrWhiteSpace(cmd.Comment) ? "" : ": " + cmd.Comment.Trim())}",
            request.TenantId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("Someone else changed this request at the same time; reload it to see its state.");
        }

        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return request.Status;
    }
}
