using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

/// <summary>Submits a protection request through the same duplicate check, approval rules, timeline, audit and queue as
/// every other request (<see cref="RequestSubmission"/>); the protection itself is written only by the executor.</summary>
internal static class ProtectionRequests
{
    private static readonly RequestStatus[] Open =
        [RequestStatus.Draft, RequestStatus.PendingApproval, RequestStatus.Approved, RequestStatus.Queued, RequestStatus.Running];

    public static async Task<Result<Guid>> SubmitAsync<TParameters>(IPortalDbContext db, AccessContext caller, UseCaseServices s, IExecutionSignal signal,
        RequestKind kind, Guid tenantId, Guid clusterId, string @namespace, TParameters parameters, string? reason,
        string auditAction, string auditSummary, string targetId, CancellationToken ct) where TParameters : class
    {
        if (InputLimits.ExplainTooLong(reason, InputLimits.Reason, "reason") is { } tooLong) return Error.Validation(tooLong);
        OperationRequest request;
        try
        {
            request = OperationRequest.ForProtection(kind, tenantId, clusterId, @namespace, parameters, caller.Principal.UserId,
                caller.Principal.DisplayName, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), s.Now);
        }
        catch (Domain.Common.DomainException ex)
        {
            return Error.Validation(ex.Message);
        }

        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } asked) return asked;
        db.Audit(caller, s.Now, auditAction, "namespace-protection", targetId, auditSummary, tenantId == Guid.Empty ? null : tenantId);
        if (await RequestSubmission.SaveAsync(db, request, s, ct) is { } raced) return raced;
        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return request.Id;
    }

    /// <summary>A change of an existing protection (its namespace's, or the cluster's resources'), refused while another is open.</summary>
    public static async Task<Result<Guid>> ChangeAsync(IPortalDbContext db, AccessContext caller, UseCaseServices s, IExecutionSignal signal,
        Domain.Protection.NamespaceProtection p, ProtectionChangeParameters parameters, string? reason, string auditAction, string auditSummary,
        CancellationToken ct)
    {
        var @namespace = await ProtectionLookup.RequestNamespaceAsync(db, p, ct);
        if (await RefuseWhileChangeOpenAsync(db, p.ClusterId, @namespace, ct) is { } open) return open;
        return await SubmitAsync(db, caller, s, signal, RequestKind.ProtectionChange, p.TenantId, p.ClusterId, @namespace, parameters, reason,
            auditAction, auditSummary, p.Id.ToString(), ct);
    }

    /// <summary>The protection requests of a namespace (or, for cluster resources, of the cluster's Velero namespace) not ended yet.</summary>
    public static IQueryable<OperationRequest> OpenFor(IPortalDbContext db, Guid clusterId, string @namespace) =>
        db.Requests.AsNoTracking().Where(r => r.ClusterId == clusterId && r.Namespace == @namespace
            && (r.Kind == RequestKind.ProtectionChange || r.Kind == RequestKind.ProtectionBackupNow) && Open.Contains(r.Status));

    /// <summary>Refuses a change while another change of the same protection is still open (they would race on one Schedule).</summary>
    public static async Task<Error?> RefuseWhileChangeOpenAsync(IPortalDbContext db, Guid clusterId, string @namespace, CancellationToken ct)
    {
        var open = await OpenFor(db, clusterId, @namespace).Where(r => r.Kind == RequestKind.ProtectionChange)
            .OrderBy(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        return open is null ? null : Error.Conflict(
            $"A protection change of {@namespace} is still open (request {open.Reference}, {open.Status}); wait for it to end or cancel it first.")
            with { Href = $"/requests/{open.Id}" };
    }
}
