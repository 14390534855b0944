using Portal.Application.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Domain.Requests;

namespace Portal.Execution.Moves;

/// <summary>
/// Rolls one application back: GitOps points at the source again, what the portal created on the target goes (what it
/// found there stays), the source runs again with the replicas it had, and its GitOps sync is as before the freeze.
/// Each step reads what the move recorded, so it undoes only what was done, and is safe to run twice.
/// </summary>
internal sealed class MigrationRollbackExecutor(IMigrationClusterGateway kube, ICredentialProtector protector, IOptions<MigrationOptions> options) : IOperationExecutor
{
    private readonly MigrationOptions _o = options.Value;

    public RequestKind Kind => RequestKind.MigrationRollback;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var m = await MigrationRun.LoadAsync(run, protector, ct);
        if (m is null) return ExecutionOutcome.Failed("The application, its wave or plan, or the target cluster was removed; nothing was rolled back.");
        if (m.App.Status == MigrationApplicationStatus.RolledBack) return ExecutionOutcome.Succeeded();
        if (m.App.RollbackRequestId != run.Request.Id)
            return ExecutionOutcome.Failed("Another rollback of this application was asked for after this one; that one carries it out.");
        if (m.Wave.Status == MigrationWaveStatus.Closed)
            return await EndAsync(m, null, "The wave was closed before the rollback ran: the move is final, nothing was rolled back.", ct);

        MigrationStep? current = null;
        try
        {
            foreach (var step in m.App.RollbackSteps.Select(s => s.Step).ToList())
            {
                if (m.App.RollbackSteps.First(s => s.Step == step).IsFinished) continue;
                current = step;
                await m.SaveAsync((a, now) => a.StartRollbackStep(step, null, now), step.Title(), null, ct);
                var (status, detail) = step switch
                {
                    MigrationStep.RevertGitOpsSwitch => await RevertSwitchAsync(m, ct),
                    MigrationStep.RemoveFromTarget => await RemoveFromTargetAsync(m, ct),
                    MigrationStep.RestartSource => await RestartSourceAsync(m, ct),
                    MigrationStep.UnfreezeGitOps => await UnfreezeAsync(m, ct),
                    _ => throw new StepFailedException($"{step.Title()} is not a step of a rollback."),
                };
                // The target namespace the move gave the tenant goes back in the same save as its removal.
                var takeBack = step == MigrationStep.RemoveFromTarget ? await MoveNamespaces.TakeBackTargetAsync(m, ct) : null;
                await m.SaveAsync((a, now) => a.FinishRollbackStep(step, status, detail, now),
                    $"{step.Title()}: {(status == MigrationStepStatus.Skipped ? "skipped" : "done")}", detail, ct, takeBack);
                current = null;
            }
            var summary = $"{m.App.SourceNamespace} rolled back: running on {m.SourceCluster.Name} again, removed from {m.TargetCluster.Name}";
            await m.SaveAsync((a, now) => a.MarkRolledBack(now), "Rolled back", summary, ct,
                (db, _) => db.AuditEvents.Add(ApplicationMigrationExecutor.Audit(m, "migration.application.rolledback", summary)));
            return ExecutionOutcome.Succeeded();
        }
        catch (MigrationClusterException ex) when (ex.IsTransient)
        {
            var why = $"{ex.ClusterName} cannot be reached: {ex.Message} The rollback waits and resumes by itself when it is back.";
            await m.SaveAsync((a, now) => a.Pause(why, now), null, null, ct);
            return ExecutionOutcome.Later(why, run.Now + Application.Resilience.RetryRules.RollbackPaused(_o.PausedRetry).Delay(run.Request.Attempt - 1));
        }
        catch (Exception ex) when (ex is MigrationClusterException or StepFailedException or DomainException or ClusterAccessException)
        {
            return await EndAsync(m, current, ex is MigrationClusterException mc ? $"On {mc.ClusterName}: {mc.Message}" : ex.Message, ct);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or LeaseLostException))
        {
            return await EndAsync(m, current, $"The portal hit an unexpected error: {ex.Message}", ct);
        }
    }

    private static async Task<ExecutionOutcome> EndAsync(MigrationRun m, MigrationStep? step, string why, CancellationToken ct)
    {
        var words = step is { } s ? $"{s.Title()} failed: {why}" : why;
        await m.SaveAsync((a, now) =>
        {
            if (step is { } st) a.FinishRollbackStep(st, MigrationStepStatus.Failed, why, now);
            a.MarkRollbackFailed(words, now);
        }, "Rollback failed", words, ct,
            (db, a) => db.AuditEvents.Add(ApplicationMigrationExecutor.Audit(m, "migration.application.rollbackfailed", $"{a.SourceNamespace}: {words}")));
        return ExecutionOutcome.Failed(words);
    }

    private async Task<(MigrationStepStatus, string)> RevertSwitchAsync(MigrationRun m, CancellationToken ct)
    {
        if (m.State.Switch is not { } sw) return (MigrationStepStatus.Skipped, "GitOps was not switched to the target.");
        var removed = new List<string>();
        foreach (var r in sw.CreatedOnTarget.Reverse())
        {
            // Deleting a GitOps object must not take down what it adopted on the target: it lets go of it first. What
            // the portal created itself is removed by RemoveFromTarget.
            await m.OnTarget(c => kube.DisownGitOpsAsync(c, r, ct));
            if (await m.OnTarget(c => kube.DeleteAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct))) removed.Add(r.ToString());
        }
        if (sw.RepointedOnSource is { } app)
        {
            await m.OnSource(c => kube.RevertArgoApplicationAsync(c, app, sw.PriorDestinationServer, m.App.SourceNamespace, ct));
            removed.Add($"{app} points at {sw.PriorDestinationServer} again");
        }
        return (MigrationStepStatus.Done, removed.Count == 0 ? "Nothing of the switch was left on the target." : string.Join("; ", removed) + ".");
    }

    private async Task<(MigrationStepStatus, string)> RemoveFromTargetAsync(MigrationRun m, CancellationToken ct)
    {
        var s = m.State;
        if (s.CreatedOnTarget.Count == 0 && !s.CreatedTargetNamespace && s.RestoreName is null)
            return (MigrationStepStatus.Skipped, $"Nothing was created on {m.TargetCluster.Name}.");
        var removed = 0;
        foreach (var r in s.CreatedOnTarget.Reverse())
        {
            if (await m.OnTarget(c => kube.DeleteAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct))) removed++;
        }
        if (s.RestoreName is { } restore && !s.CreatedTargetNamespace)
        {
            // What Velero restored for this application before the apply took it over.
            foreach (var r in await m.OnTarget(c => kube.ListRestoredAsync(c, m.App.TargetNamespace, restore, ct)))
            {
                if (await m.OnTarget(c => kube.DeleteAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct))) removed++;
            }
        }
        var ns = "";
        if (s.CreatedTargetNamespace)
        {
            await m.OnTarget(c => kube.DeleteAsync(c, "v1", "Namespace", null, m.App.TargetNamespace, ct));
            ns = $"; namespace {m.App.TargetNamespace} (the portal created it) deleted";
        }
        return (MigrationStepStatus.Done, $"{removed} object(s) the portal created removed from {m.TargetCluster.Name}{ns}; objects it found there were left.");
    }

    private async Task<(MigrationStepStatus, string)> RestartSourceAsync(MigrationRun m, CancellationToken ct)
    {
        // Scratch objects of a database move (dump claim, dump Jobs) go first.
        var scratch = 0;
        foreach (var r in m.State.CreatedOnSource.Reverse().ToList())
        {
            if (await m.OnSource(c => kube.DeleteAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct))) scratch++;
            await m.SaveStateAsync(s => s with { CreatedOnSource = s.CreatedOnSource.Where(x => x != r).ToList() }, ct);
        }
        var removed = scratch > 0 ? $" {scratch} scratch object(s) of the database dumps removed." : "";
        if (m.State.Quiesced.Count == 0) return (MigrationStepStatus.Skipped, "The source was not scaled down." + removed);
        var missing = new List<string>();
        foreach (var w in m.State.Quiesced)
        {
            if (!await m.OnSource(c => kube.RestoreWorkloadAsync(c, m.App.SourceNamespace, w, ct)))
                missing.Add($"{w.Kind} {w.Name}");
        }
        var text = string.Join(", ", m.State.Quiesced.Where(w => !missing.Contains($"{w.Kind} {w.Name}"))
            .Select(w => w.Kind == "CronJob" ? $"CronJob {w.Name} {(w.WasSuspended == true ? "left suspended as it was" : "resumed")}" : $"{w.Kind} {w.Name} at {w.Replicas ?? 1}"));
        return (MigrationStepStatus.Done, $"On {m.SourceCluster.Name}: {text}." + (missing.Count > 0 ? $" Gone from the source: {string.Join(", ", missing)}." : "") + removed);
    }

    private async Task<(MigrationStepStatus, string)> UnfreezeAsync(MigrationRun m, CancellationToken ct)
    {
        if (m.State.Freeze is not { } f) return (MigrationStepStatus.Skipped, "GitOps was not frozen.");
        if (!await m.OnSource(c => kube.UnfreezeGitOpsAsync(c, f, m.Run.Now, ct)))
            return (MigrationStepStatus.Done, $"{f.Object} is no longer on {m.SourceCluster.Name}; nothing to unfreeze.");
        return (MigrationStepStatus.Done, f.Object.Kind == "Application"
            ? $"{f.Object}: sync policy as before the freeze ({(f.PriorArgoAutomatedJson is null ? "manual" : "automated")}), freeze annotations removed."
            : $"{f.Object}: suspend {(f.PriorFluxSuspend == true ? "true" : "false")} as before the freeze, freeze annotations removed.");
    }
}
