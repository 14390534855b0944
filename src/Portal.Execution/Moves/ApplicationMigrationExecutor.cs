using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Execution.Moves.ApplicationSteps;

namespace Portal.Execution.Moves;

/// <summary>
/// Moves one application of a wave: runs its steps (<see cref="IApplicationMoveStep"/>, resolved by step) in order from
/// the first unfinished one. Every step records what it is about to do (or did) in the application's run state before
/// or as it acts, so a second run after a crash neither loses nor repeats anything. A cluster that cannot be reached
/// pauses the move (the request goes back to the queue, nothing fails); anything else fails the step with the reason
/// and leaves the source quiesced and frozen, so the application can be rolled back.
/// </summary>
internal sealed partial class ApplicationMigrationExecutor(IServiceProvider steps, MovePreflight preflight, MoveNamespaces namespaces,
    ICredentialProtector protector, IOptions<MigrationOptions> options) : IOperationExecutor
{
    private readonly MigrationOptions _o = options.Value;

    public RequestKind Kind => RequestKind.ApplicationMigration;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var m = await MigrationRun.LoadAsync(run, protector, ct);
        if (m is null) return ExecutionOutcome.Failed("The application, its wave or plan, or the target cluster was removed; nothing was done.");
        if (m.App.HasEnded)
            return m.App.Status == MigrationApplicationStatus.Moved ? ExecutionOutcome.Succeeded()
                : ExecutionOutcome.Failed(m.App.StatusDetail ?? $"{m.App.SourceNamespace} is {m.App.Status}.");
        if (m.App.RollbackRequested) return Stopped(m);
        if (!m.App.HasStarted && m.Wave.WindowHasClosed(run.Now))
        {
            var why = $"The window closed at {m.Wave.NotAfter:yyyy-MM-dd HH:mm} UTC before it started.";
            await m.SaveAsync((a, now) => a.MarkSkipped(why, now), "Skipped", why, ct,
                (db, a) => db.AuditEvents.Add(Audit(m, "migration.application.skipped", $"{a.SourceNamespace} skipped: {why}")));
            return ExecutionOutcome.Failed(why);
        }

        MigrationStep? current = null;
        try
        {
            // Nothing is frozen or scaled down on the source while the target cannot be reached or a namespace has changed hands.
            if (!m.App.HasStarted) await preflight.CheckAsync(m, ct);
            foreach (var step in m.App.Steps.Select(s => s.Step).ToList())
            {
                if (m.App.Steps.First(s => s.Step == step).IsFinished) continue;
                await m.RefreshAsync(ct);
                if (m.App.RollbackRequested) return Stopped(m);
                current = step;
                await m.SaveAsync((a, now) => a.StartStep(step, null, now), step.Title(), null, ct);
                await namespaces.EnsureAccessAsync(m, step, ct);
                var outcome = await StepFor(step).RunAsync(m, ct);
                // The switch-over hands the target namespace to the tenant in the same save that finishes it.
                var handOver = step == MigrationStep.SwitchGitOps ? await MoveNamespaces.HandOverTargetAsync(m, ct) : null;
                await m.SaveAsync((a, now) => a.FinishStep(step, outcome.Status, outcome.Detail, now),
                    $"{step.Title()}: {(outcome.Status == MigrationStepStatus.Skipped ? "skipped" : "done")}", outcome.Detail, ct, handOver);
                current = null;
            }
            var moved = m.IsRecovery ? RecoveredWords(m, run.Now)
                : $"{m.App.SourceNamespace} moved from {m.SourceCluster.Name} to {m.TargetCluster.Name} (namespace {m.App.TargetNamespace}) by {m.App.PlaybookTitle}";
            await m.SaveAsync((a, now) => a.MarkMoved(now), m.IsRecovery ? "Recovered" : "Moved", moved, ct,
                (db, _) => db.AuditEvents.Add(Audit(m, m.IsRecovery ? "recovery.application.recovered" : "migration.application.moved", moved)));
            return ExecutionOutcome.Succeeded();
        }
        catch (MigrationClusterException ex) when (ex.IsTransient)
        {
            return await PauseAsync(m, run, ex, ct);
        }
        catch (ClusterWaitTimeoutException ex)
        {
            // A watch keeps retrying a cluster that stops answering, so a wait can run out during an outage: look once,
            // and pause for the outage instead of failing for what it seemed to wait on.
            try
            {
                await preflight.CheckReachableAsync(m, ct);
            }
            catch (MigrationClusterException down) when (down.IsTransient)
            {
                return await PauseAsync(m, run, down, ct);
            }
            return await FailAsync(m, current, ex.Message, ct);
        }
        catch (Exception ex) when (ex is MigrationClusterException or StepFailedException or DomainException or ClusterAccessException)
        {
            var why = ex is MigrationClusterException mc ? $"On {mc.ClusterName}: {mc.Message}" : ex.Message;
            return await FailAsync(m, current, why, ct);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or LeaseLostException))
        {
            return await FailAsync(m, current, $"The portal hit an unexpected error: {ex.Message}", ct);
        }
    }

    /// <summary>The step registered for <paramref name="step"/> (keyed by it); only that one is built.</summary>
    private IApplicationMoveStep StepFor(MigrationStep step) =>
        steps.GetKeyedService<IApplicationMoveStep>(step)
        ?? throw new StepFailedException($"{step.Title()} is not a step of moving an application.");

    private async Task<ExecutionOutcome> PauseAsync(MigrationRun m, RequestRun run, MigrationClusterException ex, CancellationToken ct)
    {
        var why = $"{ex.ClusterName} cannot be reached: {ex.Message} The move waits and resumes by itself when it is back.";
        await m.SaveAsync((a, now) => a.Pause(why, now), null, null, ct);
        // Each look costs two timeline entries: back off to eight times the base over a long outage.
        var wait = Application.Resilience.RetryRules.MovePaused(_o.PausedRetry).Delay(run.Request.Attempt - 1);
        return ExecutionOutcome.Later(why, run.Now + wait);
    }

    private async Task<ExecutionOutcome> FailAsync(MigrationRun m, MigrationStep? step, string why, CancellationToken ct)
    {
        var words = step is { } s ? $"{s.Title()} failed: {why}" : why;
        var detail = m.IsRecovery
            ? $"{words} The lost cluster {m.SourceCluster.Name} was not contacted; retry the application once the cause is fixed."
            : m.State.Freeze is null && m.State.Quiesced.Count == 0
            ? $"{words} Nothing was changed on the source."
            : $"{words} The source stays scaled down and its GitOps frozen; roll the application back to bring it up again.";
        await m.SaveAsync((a, now) =>
        {
            if (step is { } st) a.FinishStep(st, MigrationStepStatus.Failed, why, now);
            a.MarkFailed(detail, now);
        }, "Failed", detail, ct, (db, a) => db.AuditEvents.Add(Audit(m, "migration.application.failed", $"{a.SourceNamespace}: {words}")));
        return ExecutionOutcome.Failed(words);
    }

    /// <summary>A recovered application in words, with the data lost: from the backup's point in time to now.</summary>
    private static string RecoveredWords(MigrationRun m, DateTimeOffset now)
    {
        var point = m.App.Recovery!;
        return $"{m.App.SourceNamespace} of the lost cluster {m.SourceCluster.Name} recovered on {m.TargetCluster.Name} (namespace {m.App.TargetNamespace}) " +
               $"from backup {point.BackupName} of {point.BackupTakenAt:yyyy-MM-dd HH:mm} UTC: data written after it is lost " +
               $"(up to {RecoveryPoint.Words(now - point.BackupTakenAt)}).";
    }

    private static ExecutionOutcome Stopped(MigrationRun m) =>
        ExecutionOutcome.Failed($"Stopped: a rollback was asked for by {m.App.RollbackRequestedByName ?? "someone"}.");

    internal static AuditEvent Audit(MigrationRun m, string action, string summary) =>
        new(m.Run.Now, "executor", action, "migration-application", m.App.Id.ToString(), summary, m.App.TenantId);
}
