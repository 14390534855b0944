using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Databases;

/// <summary>Submits a request about a database through the same policy, timeline, audit and queue as every other request.</summary>
internal static class DatabaseRequests
{
    public static async Task<OperationRequest> SubmitAsync<TParameters>(IPortalDbContext db, AccessContext caller, UseCaseServices s,
        RequestKind kind, ManagedDatabase database, string @namespace, TParameters parameters, string? reason, CancellationToken ct)
        where TParameters : class, IDatabaseRequestParameters
    {
        var request = OperationRequest.ForDatabase(kind, database.Target.TenantId, database.Target.ClusterId, @namespace, parameters,
            caller.Principal.UserId, caller.Principal.DisplayName, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), s.Now);
        await RequestSubmission.SubmitAsync(db, caller, request, s.Now, ct);
        return request;
    }

    /// <summary>After the save: wake the executor and the open pages.</summary>
    public static async Task AnnounceAsync(UseCaseServices s, IExecutionSignal signal, OperationRequest request)
    {
        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        await s.Notifier.NotifyAsync(request.TenantId, request.Id);
    }
}
