using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.Submit;

/// <summary>The part of submitting that every kind of request shares: the duplicate check, policy, timeline, audit,
/// queue, and the save.</summary>
internal static class RequestSubmission
{
    /// <summary>Adds <paramref name="request"/> with its timeline and audit to <paramref name="db"/>, or says it was
    /// already asked: an identical ask (<see cref="OperationRequest.SubmissionFingerprint"/>) submitted within the
    /// duplicate window is refused, and nothing is added. Save with <see cref="SaveAsync"/>.</summary>
    public static async Task<Error?> SubmitAsync(IPortalDbContext db, AccessContext caller, OperationRequest request,
        UseCaseServices s, CancellationToken ct)
    {
        Telemetry.PortalTelemetry.TagRequest(request); // on the submitting use case's span
        if (InputLimits.ExplainTooLong(request.Reason, InputLimits.Reason, "reason") is { } tooLong) return Error.Validation(tooLong);
        var now = request.CreatedAt;
        var window = s.Submission.DuplicateWindow;
        if (window > TimeSpan.Zero)
        {
            var since = now - window;
            var earlier = await db.Requests.AsNoTracking()
                .Where(r => r.SubmissionFingerprint == request.SubmissionFingerprint && r.CreatedAt > since)
                .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
            if (earlier is not null) return AlreadyAsked(earlier, window);
            // Two identical asks racing (two tabs, two replicas) both pass the check above; the keys' uniqueness stops the second.
            foreach (var key in RequestSubmissionKey.For(request, window)) db.RequestSubmissionKeys.Add(key);
            // Slots older than two windows can never match again: drop them, so the table stays as small as the window.
            var expired = now - 2 * window;
            await db.RequestSubmissionKeys.Where(k => k.CreatedAt < expired).ExecuteDeleteAsync(ct);
        }

        var (requiresApproval, approver) = await ApprovalRules.ResolveAsync(db, request.TenantId, request.Kind, ct);
        var who = caller.Principal.DisplayName;
        Add(db, request, requiresApproval, $"Submitted by {who}", who, request.Reason);
        if (requiresApproval)
        {
            Note(db, request, $"Waiting for approval by a {approver.Display()} of the tenant", now);
        }
        else
        {
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Approved, "Approved automatically by policy", Policy, now));
            Queue(db, request, now);
        }
        db.Audit(caller, now, "request.submitted", "request", request.Id.ToString(),
            $"{request.Kind.Display()} of {request.Namespace} submitted ({request.Status})", request.TenantId);
        return null;
    }

    /// <summary>Adds <paramref name="request"/>, submitted at its <see cref="OperationRequest.CreatedAt"/>, with the first line
    /// of its timeline. <see cref="SubmitAsync"/> uses it after the duplicate check and the tenant's policy; use cases
    /// that settle approval themselves (a wave's moves, a rollback, a retry) call it directly, then
    /// <see cref="Approve"/>, <see cref="Queue"/> or <see cref="Note"/>. The timeline keeps the order of the calls
    /// (events are numbered as they are inserted), whatever their timestamps.</summary>
    public static void Add(IPortalDbContext db, OperationRequest request, bool needsApproval, string title, string actor, string? detail = null)
    {
        request.Submit(needsApproval, request.CreatedAt);
        db.Requests.Add(request);
        db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Submitted, title, actor, request.CreatedAt, detail));
    }

    /// <summary>An approver approves <paramref name="request"/>; the timeline says so with <paramref name="title"/>.</summary>
    public static void Approve(IPortalDbContext db, OperationRequest request, string approverId, string approverName, string? comment,
        string title, DateTimeOffset now)
    {
        request.Approve(approverId, approverName, comment, now);
        db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Approved, title, approverName, now, comment));
    }

    /// <summary>Puts the approved <paramref name="request"/> on the executor's queue. Signal the executor after saving.</summary>
    public static void Queue(IPortalDbContext db, OperationRequest request, DateTimeOffset now)
    {
        request.Enqueue(now);
        db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Queued, "Queued for execution", Policy, now));
    }

    /// <summary>A line of the timeline that says what the request waits for.</summary>
    public static void Note(IPortalDbContext db, OperationRequest request, string title, DateTimeOffset now) =>
        db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Step, title, Policy, now));

    private const string Policy = "policy";

    /// <summary>Saves everything added since <see cref="SubmitAsync"/>, or, when an identical ask was saved first by
    /// someone racing this one, says "already asked" and saves nothing.</summary>
    public static async Task<Error?> SaveAsync(IPortalDbContext db, OperationRequest request, UseCaseServices s, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException) when (s.Submission.DuplicateWindow > TimeSpan.Zero)
        {
            var keys = RequestSubmissionKey.For(request, s.Submission.DuplicateWindow).Select(k => k.Key).ToList();
            var winner = await db.RequestSubmissionKeys.AsNoTracking()
                .Where(k => keys.Contains(k.Key) && k.RequestId != request.Id).Select(k => (Guid?)k.RequestId).FirstOrDefaultAsync(ct);
            if (winner is not { } id) throw;
            var earlier = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            return earlier is null ? AlreadyAsked(id, null, s.Submission.DuplicateWindow) : AlreadyAsked(earlier, s.Submission.DuplicateWindow);
        }
    }

    private static Error AlreadyAsked(OperationRequest earlier, TimeSpan window) =>
        AlreadyAsked(earlier.Id, $"The same {earlier.Kind.Display().ToLowerInvariant()} of {earlier.Namespace} was submitted at {earlier.CreatedAt.UtcDateTime:HH:mm:ss} UTC and is {earlier.Status}. ", window);

    private static Error AlreadyAsked(Guid id, string? what, TimeSpan window) =>
        Error.Conflict($"Already asked: see request {OperationRequest.ReferenceOf(id)}. {what}"
            + $"An identical request is not sent twice within {Span(window)}; change something, or ask again later.") with { Href = $"/requests/{id}" };

    private static string Span(TimeSpan t) => t.TotalMinutes >= 1 && t.TotalMinutes % 1 == 0
        ? $"{t.TotalMinutes:0} minute{(t.TotalMinutes == 1 ? "" : "s")}" : $"{t.TotalSeconds:0} seconds";
}
