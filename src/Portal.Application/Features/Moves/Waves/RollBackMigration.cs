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

/// <param name="ApplicationId">One application, or null for every application of the wave the caller may roll back.</param>
public sealed record RollBackMigrationCommand(Guid WaveId, Guid? ApplicationId, string Reason);

/// <summary>
/// Rolls back one application or the whole wave: the target is cleaned of what the portal created, the source scaled
/// back up and its GitOps unfrozen — by a rollback request per application, which runs as soon as that application's
/// move has stopped. An application that never started is simply taken out of the wave.
/// </summary>
public sealed class RollBackMigration(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<int>> HandleAsync(RollBackMigrationCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RollBackMigration));
        var caller = await s.AccessAsync(ct);
        if (string.IsNullOrWhiteSpace(cmd.Reason)) return Error.Validation("Say why you roll back, for the owners and the audit log.");
        if (InputLimits.ExplainTooLong(cmd.Reason, InputLimits.Reason, "reason") is { } tooLong) return Error.Validation(tooLong);
        // The executor writes the application's row after every step: when it did so in between, read again and retry.
        for (var attempt = 1; ; attempt++)
        {
            var result = await TryAsync(caller, cmd, ct);
            if (result.IsSuccess || result.Error != MigrationLookup.ConcurrentChange || attempt == Resilience.RetryRules.WriteConflictAttempts) return result;
        }
    }

    private async Task<Result<int>> TryAsync(AccessContext caller, RollBackMigrationCommand cmd, CancellationToken ct)
    {
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        if (wave.Status == MigrationWaveStatus.Closed) return Error.Conflict($"The wave \"{wave.Name}\" is closed: its moves are final.");
        if (!wave.IsUnderway && !wave.HasEnded) return Error.Conflict($"The wave \"{wave.Name}\" has not been approved; nothing has moved.");

        var apps = await db.MigrationApplications.Where(a => a.WaveId == wave.Id && (cmd.ApplicationId == null || a.Id == cmd.ApplicationId)).ToListAsync(ct);
        if (cmd.ApplicationId is not null && apps.Count == 0) return Error.NotFound("The application");
        if (apps.Any(a => !MigrationAccess.MayRollBack(caller, plan, a)))
            return caller.Refuse("Only migration architects and platform engineers can roll back moves.");
        var candidates = apps.Where(a => a.CanRollBack && (!a.RollbackRequested || a.Status == MigrationApplicationStatus.RollbackFailed)
            && a.MigrationRequestId is not null).ToList();
        if (candidates.Count == 0)
            return Error.Validation(cmd.ApplicationId is null ? "No application of the wave can be rolled back now." : $"{apps[0].SourceNamespace} is {apps[0].Status}; there is nothing to roll back.");

        var requestIds = candidates.Select(a => a.MigrationRequestId!.Value).ToList();
        var moves = await db.Requests.Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var queued = false;
        foreach (var app in candidates)
        {
            var move = moves[app.MigrationRequestId!.Value];
            try
            {
                if (move.Status == RequestStatus.Approved)
                {
                    // Never started: nothing to undo; it leaves the wave.
                    move.Cancel(s.Now);
                    db.RequestEvents.Add(new RequestEvent(move, RequestEventKind.Cancelled, $"Cancelled: rolled back by {caller.Principal.DisplayName} before it started", caller.Principal.DisplayName, s.Now, cmd.Reason.Trim()));
                    app.MarkSkipped($"Rolled back by {caller.Principal.DisplayName} before it started: {cmd.Reason.Trim()}", s.Now);
                }
                else
                {
                    queued |= AddRollbackRequest(db, caller, plan, wave, app, move, cmd.Reason.Trim());
                }
            }
            catch (DomainException ex)
            {
                return Error.Conflict(ex.Message);
            }
            db.Audit(caller, s.Now, "migration.application.rollback", "migration-application", app.Id.ToString(),
                $"Rollback of {app.SourceNamespace} (wave \"{wave.Name}\" of \"{plan.Name}\") asked for: {cmd.Reason.Trim()}", app.TenantId);
        }
        if (await MigrationLookup.SaveAsync(db, ct) is { } conflict) return conflict;
        if (queued) signal.RequestQueued();
        return candidates.Count;
    }

    /// <summary>The rollback runs at once when the move has stopped; else the wave dispatcher queues it when it stops.
    /// Returns whether it was queued.</summary>
    private bool AddRollbackRequest(IPortalDbContext db, AccessContext caller, MigrationPlan plan, MigrationWave wave, MigrationApplication app,
        OperationRequest move, string reason)
    {
        var now = s.Now;
        var who = caller.Principal.DisplayName;
        var rollback = OperationRequest.ForMigration(RequestKind.MigrationRollback, app.TenantId, plan.SourceClusterId, app.SourceNamespace,
            new MigrationRequestParameters(plan.Id, wave.Id, app.Id), caller.Principal.UserId, who, reason, now);
        RequestSubmission.Add(db, rollback, needsApproval: false, $"Rollback asked for by {who}", who, reason);
        var canRunNow = move.Status.IsTerminal();
        if (canRunNow) RequestSubmission.Queue(db, rollback, now);
        else RequestSubmission.Note(db, rollback, "Waits until the move stops at the end of its current step", now);
        app.RequestRollback(rollback.Id, who, now);
        return canRunNow;
    }
}
