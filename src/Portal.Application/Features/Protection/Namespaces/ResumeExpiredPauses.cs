using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record ResumeExpiredPausesCommand;

/// <summary>The portal's own work, run by a background service as the system user: every pause whose "until" has
/// passed gets a Resume request, once per pause (a pause is the Schedule write that paused it: a Resume submitted
/// since then is not submitted again). The pause was approved with its end, so the resume is queued without another
/// approval; the timeline and audit say who and why.</summary>
public sealed class ResumeExpiredPauses(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public const string Actor = "portal (pause ended)";

    public async Task<Result<int>> HandleAsync(ResumeExpiredPausesCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.IsSystem) return caller.Refuse("Only the portal resumes expired pauses by itself.");
        var now = s.Now;
        List<NamespaceProtection> expired;
        await using (var db = await s.OpenAsync(caller, ct))
        {
            expired = await db.NamespaceProtections.AsNoTracking()
                .Where(p => p.State == ProtectionState.Active && p.Paused && p.PausedUntil != null).ToListAsync(ct);
        }

        var submitted = 0;
        foreach (var p in expired.Where(p => p.PausedUntil <= now))
        {
            await using var db = await s.OpenAsync(caller, ct);
            var @namespace = await ProtectionLookup.RequestNamespaceAsync(db, p, ct);
            var since = p.AppliedAt ?? p.UpdatedAt;
            var earlier = await db.Requests.AsNoTracking().Where(r => r.ClusterId == p.ClusterId && r.Namespace == @namespace
                && r.Kind == RequestKind.ProtectionChange && r.CreatedAt >= since).ToListAsync(ct);
            if (earlier.Any(r => r.ParametersAs<ProtectionChangeParameters>() is { Change: ProtectionChangeKind.Resume } rp && rp.ProtectionId == p.Id)) continue;
            if (await ProtectionRequests.OpenFor(db, p.ClusterId, @namespace).AnyAsync(r => r.Kind == RequestKind.ProtectionChange, ct)) continue;

            var request = OperationRequest.ForProtection(RequestKind.ProtectionChange, p.TenantId, p.ClusterId, @namespace,
                new ProtectionChangeParameters(ProtectionChangeKind.Resume, p.Id, p.PolicyId, p.PolicyName, ClusterResources: p.Target == ProtectionTarget.ClusterResources),
                caller.Principal.UserId, Actor, $"The pause by {p.PausedBy} ended at {p.PausedUntil!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC", now);
            RequestSubmission.Add(db, request, needsApproval: false, "Submitted by the portal: the pause ended", Actor, request.Reason);
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Approved, "Approved with the pause, which named its end", Actor, now));
            RequestSubmission.Queue(db, request, now);
            db.Audit(Actor, now, "protection.resume-requested", "namespace-protection", p.Id.ToString(),
                $"Pause of the protection of {ProtectionLookup.Subject(p)} ended; resume requested", p.TenantId == Guid.Empty ? null : p.TenantId);
            await db.SaveChangesAsync(ct);
            signal.RequestQueued();
            s.Notifier.Notify(RequestChange.Of(request));
            submitted++;
        }

        return submitted;
    }
}
