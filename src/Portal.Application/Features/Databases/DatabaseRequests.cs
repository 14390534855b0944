using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Databases;

/// <summary>Submits a request about a database through the same policy, timeline, audit and queue as every other request.</summary>
internal static class DatabaseRequests
{
    /// <summary>The request, added to <paramref name="db"/>; or "already asked" when an identical one was submitted
    /// within the duplicate window. Save with <see cref="SaveAsync"/>.</summary>
    public static async Task<Result<OperationRequest>> SubmitAsync<TParameters>(IPortalDbContext db, AccessContext caller, UseCaseServices s,
        RequestKind kind, ManagedDatabase database, string @namespace, TParameters parameters, string? reason, CancellationToken ct)
        where TParameters : class, IDatabaseRequestParameters
    {
        var request = OperationRequest.ForDatabase(kind, database.Target.TenantId, database.Target.ClusterId, @namespace, parameters,
            caller.Principal.UserId, caller.Principal.DisplayName, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), s.Now);
        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } asked) return asked;
        return request;
    }

    /// <summary>Saves the request and whatever the use case added with it, unless an identical ask raced it.</summary>
    public static Task<Error?> SaveAsync(IPortalDbContext db, OperationRequest request, UseCaseServices s, CancellationToken ct) =>
        RequestSubmission.SaveAsync(db, request, s, ct);

    /// <summary>After the save: wake the executor and the open pages.</summary>
    public static Task AnnounceAsync(UseCaseServices s, IExecutionSignal signal, OperationRequest request)
    {
        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return Task.CompletedTask;
    }
}
