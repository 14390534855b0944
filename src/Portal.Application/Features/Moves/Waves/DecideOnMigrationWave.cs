using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Moves.Plans;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Moves.Playbooks;

namespace Portal.Application.Features.Moves.Waves;

public sealed record DecideOnMigrationWaveCommand(Guid WaveId, bool Approve, string? Comment);

/// <summary>
/// A platform engineer approves a submitted wave, or sends it back to planning with the reason. Four eyes: not the
/// plan's author, not whoever submitted it; the approver must cover every application's tenant on both clusters, and
/// owners must have acknowledged where their tenant's policy asks for it. Approval creates one request per application
/// (approved, waiting for the window); the wave dispatcher queues them inside the window, a few at a time.
/// </summary>
public sealed class DecideOnMigrationWave(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(DecideOnMigrationWaveCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!MigrationAccess.MayApproveAnything(caller) || caller.IsSystem) return caller.Refuse("Only platform engineers can approve migration waves.");
        if (InputLimits.ExplainTooLong(cmd.Comment, InputLimits.Reason, "comment") is { } tooLong) return Error.Validation(tooLong) with { Field = "comment" };
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        // Four eyes, refused as a refusal (audited, 403 over the API) like approving one's own request; the wave checks it again.
        if (wave.IsOwnWork(plan, caller.Principal.UserId))
            return caller.Refuse(cmd.Approve ? MigrationWave.OwnApprovalRefused : MigrationWave.OwnRejectionRefused);
        var apps = await db.MigrationApplications.AcrossTenants().Where(a => a.WaveId == wave.Id).ToListAsync(ct);
        if (apps.Any(a => !MigrationAccess.MayApprove(caller, plan, a.TenantId)))
            return caller.Refuse("The wave moves applications of tenants outside your scope; a platform engineer of the whole estate has to decide.");
        try
        {
            if (!cmd.Approve)
            {
                wave.Reject(plan, caller.Principal.UserId, caller.Principal.DisplayName, cmd.Comment ?? "", s.Now);
                db.Audit(caller, s.Now, "migration.wave.rejected", "migration-wave", wave.Id.ToString(),
                    $"Wave \"{wave.Name}\" of \"{plan.Name}\" sent back to planning: {wave.DecisionComment}");
                return await MigrationLookup.SaveAsync(db, ct) is { } c1 ? c1 : Unit.Value;
            }
            var earlier = await db.MigrationWaves.AsNoTracking().Where(w => w.PlanId == plan.Id && w.Order < wave.Order
                    && (w.Status == MigrationWaveStatus.Draft || w.Status == MigrationWaveStatus.PendingApproval))
                .OrderBy(w => w.Order).Select(w => new { w.Order, w.Name }).FirstOrDefaultAsync(ct);
            if (earlier is not null)
                return Error.Validation($"Waves move in order: wave {earlier.Order} \"{earlier.Name}\" is not approved yet. Decide on it first.");
            var ackRequired = await OwnerAcknowledgement.RequiredForAsync(db, apps.Select(a => a.TenantId).Distinct().ToList(), ct);
            var notReady = WaveReadiness.NotReady(wave, apps.Select(a => (a, ackRequired.Contains(a.TenantId))).ToList(), 0, s.Now);
            if (notReady.Count > 0) return Error.Validation("The wave cannot be approved yet: " + string.Join(" ", notReady));
            wave.Approve(plan, caller.Principal.UserId, caller.Principal.DisplayName, cmd.Comment, s.Now);
            foreach (var app in apps) Schedule(db, plan, wave, app, caller.Principal.UserId, caller.Principal.DisplayName);
        }
        catch (DomainException ex)
        {
            // A rejection without a reason is about the comment: say so, so a form (or the API) shows it next to that field.
            return ex.Message == MigrationWave.RejectionNeedsReason ? Error.Validation(ex.Message) with { Field = "comment" } : Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "migration.wave.approved", "migration-wave", wave.Id.ToString(),
            $"Wave \"{wave.Name}\" of \"{plan.Name}\" approved: {apps.Count} application(s), window {wave.NotBefore:yyyy-MM-dd HH:mm}–{wave.NotAfter:yyyy-MM-dd HH:mm} UTC");
        return await MigrationLookup.SaveAsync(db, ct) is { } c2 ? c2 : Unit.Value;
    }

    private void Schedule(IPortalDbContext db, MigrationPlan plan, MigrationWave wave, MigrationApplication app, string approverId, string approverName)
    {
        var now = s.Now;
        var request = OperationRequest.ForMigration(RequestKind.ApplicationMigration, app.TenantId, plan.SourceClusterId, app.SourceNamespace,
            new MigrationRequestParameters(plan.Id, wave.Id, app.Id), wave.SubmittedById!, wave.SubmittedByName!,
            $"Wave \"{wave.Name}\" of migration plan \"{plan.Name}\": {app.PlaybookTitle} to {app.TargetNamespace}", now);
        RequestSubmission.Add(db, request, needsApproval: true, $"Submitted with wave \"{wave.Name}\" by {wave.SubmittedByName}", wave.SubmittedByName!);
        RequestSubmission.Approve(db, request, approverId, approverName, wave.DecisionComment, $"Approved with the wave by {approverName}", now);
        RequestSubmission.Note(db, request,
            $"Waiting for the wave's window ({wave.NotBefore:yyyy-MM-dd HH:mm}–{wave.NotAfter:yyyy-MM-dd HH:mm} UTC) and a free slot", now);
        app.Schedule(request.Id, now);
        db.Audit(approverName, now, "migration.application.scheduled", "request", request.Id.ToString(),
            $"Move of {app.SourceNamespace} to {app.TargetNamespace} approved with wave \"{wave.Name}\" of \"{plan.Name}\"", app.TenantId);
    }
}
