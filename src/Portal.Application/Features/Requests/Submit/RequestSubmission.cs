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
        return null;
    }

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
