using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.Cancel;

public sealed record CancelRequestCommand(Guid RequestId);

/// <summary>The requester (or an approver of the tenant) withdraws a request that has not started running.</summary>
public sealed class CancelRequest(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(CancelRequestCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == cmd.RequestId, ct);
        if (request is null) return Error.NotFound("The request");
        var own = request.RequestedById == caller.Principal.UserId;
        if (!caller.Can(Permission.CancelRequest, request.TenantId, request.ClusterId)
            || (!own && !caller.Can(ApprovalRules.ApprovePermission(request.Kind), request.TenantId, request.ClusterId)))
            return caller.Refuse("Only the requester or an approver of the tenant can cancel this request.");
        if (request.Kind.IsMigrationKind())
            return Error.Validation("A migration's requests follow their wave: roll the application back on the migration plan instead.");
        var now = s.Now;
        try
        {
            request.Cancel(now);
        }
        catch (DomainException ex)
        {
            return Error.Conflict(ex.Message);
        }
        var who = caller.Principal.DisplayName;
        db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Cancelled, $"Cancelled by {who}", who, now));
        db.Audit(caller, now, "request.cancelled", "request", request.Id.ToString(), $"{request.Kind.Display()} of {request.Namespace} cancelled", request.TenantId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("The request changed while you cancelled it (the executor may have started it); reload to see its state.");
        }
        s.Notifier.Notify(RequestChange.Of(request));
        return Unit.Value;
    }
}
