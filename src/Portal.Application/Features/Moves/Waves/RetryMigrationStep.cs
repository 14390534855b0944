using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Moves.Waves;

public sealed record RetryMigrationStepCommand(Guid WaveId, Guid ApplicationId, string Reason);

/// <summary>
/// Runs a failed move again from its failed step, once its cause is fixed (a missing namespace made, a controller
/// started): the steps that are done stay done, the executor resumes from what it recorded. Allowed to the people who
/// may roll the move back, and audited like a rollback; a new request carries it out at once.
/// </summary>
public sealed class RetryMigrationStep(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RetryMigrationStepCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RetryMigrationStep));
        var caller = await s.AccessAsync(ct);
        if (string.IsNullOrWhiteSpace(cmd.Reason)) return Error.Validation("Say what was fixed, for the owners and the audit log.");
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        if (wave.Status == MigrationWaveStatus.Closed) return Error.Conflict($"The wave \"{wave.Name}\" is closed: its moves are final.");
        var app = await db.MigrationApplications.FirstOrDefaultAsync(a => a.WaveId == wave.Id && a.Id == cmd.ApplicationId, ct);
        if (app is null) return Error.NotFound("The application");
        if (!MigrationAccess.MayRollBack(caller, plan, app))
            return caller.Refuse("Only migration architects and platform engineers can retry a failed step.");
        if (!app.CanRetry) return Error.Validation(app.NotRetryableBecause()!);

        var who = caller.Principal.DisplayName;
        var reason = cmd.Reason.Trim();
        var now = s.Now;
        var request = OperationRequest.ForMigration(RequestKind.ApplicationMigration, app.TenantId, plan.SourceClusterId, app.SourceNamespace,
            new MigrationRequestParameters(plan.Id, wave.Id, app.Id), caller.Principal.UserId, who, reason, now);
        RequestSubmission.Add(db, request, needsApproval: false, $"Retry of {app.FailedStepTitle ?? "the move"} asked for by {who}", who, reason);
        RequestSubmission.Queue(db, request, now);
        try
        {
            db.Audit(caller, now, "migration.application.retry", "migration-application", app.Id.ToString(),
                $"Retry of {app.SourceNamespace} from \"{app.FailedStepTitle ?? "the start"}\" (wave \"{wave.Name}\" of \"{plan.Name}\") asked for: {reason}", app.TenantId);
            app.Retry(request.Id, now);
        }
        catch (DomainException ex)
        {
            return Error.Conflict(ex.Message);
        }
        if (await MigrationLookup.SaveAsync(db, ct) is { } conflict) return conflict;
        signal.RequestQueued();
        return request.Id;
    }
}
