using Portal.Application.Abstractions;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Migrations;
using Portal.Domain.Requests;
using Portal.Migrations.Playbooks;

namespace Portal.Execution.Migrations;

/// <summary>
/// Moves one application of a wave: runs its steps in order from the first unfinished one. Every step records what
/// it is about to do (or did) in the application's run state before or as it acts, so a second run after a crash
/// neither loses nor repeats anything. A cluster that cannot be reached pauses the move (the request goes back to the
/// queue, nothing fails); anything else fails the step with the reason and leaves the source quiesced and frozen, so
/// the application can be rolled back.
/// </summary>
internal sealed partial class ApplicationMigrationExecutor(IMigrationClusterGateway kube, IClusterGateway velero, DataCopy dataCopy,
    DatabaseMove databaseMove, ICredentialProtector protector, IOptions<MigrationOptions> options) : IOperationExecutor
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
            // Nothing is frozen or scaled down on the source while the target cannot be reached: one cheap look first
            // (a target that is down pauses the application here, with the source untouched).
            if (!m.App.HasStarted)
            {
                await m.OnTarget(c => kube.GetAsync(c, "v1", "Namespace", null, "kube-system", ct));
                await CheckSourceNamespaceAsync(m, ct);
                await CheckTargetNamespaceAsync(m, ct);
                await CheckGitOpsSwitchAsync(m, ct);
            }
            foreach (var step in m.App.Steps.Select(s => s.Step).ToList())
            {
                if (m.App.Steps.First(s => s.Step == step).IsFinished) continue;
                await m.RefreshAsync(ct);
                if (m.App.RollbackRequested) return Stopped(m);
                current = step;
                await m.SaveAsync((a, now) => a.StartStep(step, null, now), step.Title(), null, ct);
                await EnsureNamespaceAccessAsync(m, step, ct);
                var (status, detail) = await RunStepAsync(m, step, ct);
                // The switch-over hands the target namespace to the tenant in the same save that finishes it.
                var handOver = step == MigrationStep.SwitchGitOps ? await HandOverTargetAsync(m, ct) : null;
                await m.SaveAsync((a, now) => a.FinishStep(step, status, detail, now),
                    $"{step.Title()}: {(status == MigrationStepStatus.Skipped ? "skipped" : "done")}", detail, ct, handOver);
                current = null;
            }
            var moved = $"{m.App.SourceNamespace} moved from {m.SourceCluster.Name} to {m.TargetCluster.Name} (namespace {m.App.TargetNamespace}) by {m.App.PlaybookTitle}";
            await m.SaveAsync((a, now) => a.MarkMoved(now), "Moved", moved, ct,
                (db, _) => db.AuditEvents.Add(Audit(m, "migration.application.moved", moved)));
            return ExecutionOutcome.Succeeded();
        }
        catch (MigrationClusterException ex) when (ex.IsTransient)
        {
            var why = $"{ex.ClusterName} cannot be reached: {ex.Message} The move waits and resumes by itself when it is back.";
            await m.SaveAsync((a, now) => a.Pause(why, now), null, null, ct);
            // Each look costs two timeline entries: back off to eight times the base over a long outage.
            var wait = Application.Resilience.RetryRules.MovePaused(_o.PausedRetry).Delay(run.Request.Attempt - 1);
            return ExecutionOutcome.Later(why, run.Now + wait);
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

    private async Task<ExecutionOutcome> FailAsync(MigrationRun m, MigrationStep? step, string why, CancellationToken ct)
    {
        var words = step is { } s ? $"{s.Title()} failed: {why}" : why;
        var detail = m.State.Freeze is null && m.State.Quiesced.Count == 0
            ? $"{words} Nothing was changed on the source."
            : $"{words} The source stays scaled down and its GitOps frozen; roll the application back to bring it up again.";
        await m.SaveAsync((a, now) =>
        {
            if (step is { } st) a.FinishStep(st, MigrationStepStatus.Failed, why, now);
            a.MarkFailed(detail, now);
        }, "Failed", detail, ct, (db, a) => db.AuditEvents.Add(Audit(m, "migration.application.failed", $"{a.SourceNamespace}: {words}")));
        return ExecutionOutcome.Failed(words);
    }

    private static ExecutionOutcome Stopped(MigrationRun m) =>
        ExecutionOutcome.Failed($"Stopped: a rollback was asked for by {m.App.RollbackRequestedByName ?? "someone"}.");

    internal static AuditEvent Audit(MigrationRun m, string action, string summary) =>
        new(m.Run.Now, "executor", action, "migration-application", m.App.Id.ToString(), summary, m.App.TenantId);

    private Task<(MigrationStepStatus, string)> RunStepAsync(MigrationRun m, MigrationStep step, CancellationToken ct) => step switch
    {
        MigrationStep.FreezeGitOps => FreezeAsync(m, ct),
        MigrationStep.Export => ExportAsync(m, ct),
        MigrationStep.Quiesce => QuiesceAsync(m, ct),
        MigrationStep.MoveData => MoveDataAsync(m, ct),
        MigrationStep.Apply => ApplyAsync(m, ct),
        MigrationStep.StartTarget => StartTargetAsync(m, ct),
        MigrationStep.Verify => VerifyAsync(m, ct),
        MigrationStep.SwitchGitOps => SwitchAsync(m, ct),
        _ => throw new StepFailedException($"{step.Title()} is not a step of moving an application."),
    };

    private static (MigrationStepStatus, string) Done(string detail) => (MigrationStepStatus.Done, detail);
    private static (MigrationStepStatus, string) Skipped(string detail) => (MigrationStepStatus.Skipped, detail);

    internal static (string ApiVersion, string Kind) GitOpsType(GitOpsKind kind) => kind == GitOpsKind.ArgoCdApplication
        ? ("argoproj.io/v1alpha1", "Application")
        : ("kustomize.toolkit.fluxcd.io/v1", "Kustomization");

    // ---------------------------------------------------------------- FreezeGitOps

    private async Task<(MigrationStepStatus, string)> FreezeAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        if (g.Kind == GitOpsKind.None) return Skipped("Not deployed by Argo CD or Flux: there is no GitOps sync to freeze.");
        var (apiVersion, kind) = GitOpsType(g.Kind);
        var obj = await m.OnSource(c => kube.GetAsync(c, apiVersion, kind, g.Namespace, g.Name, ct))
            ?? throw new StepFailedException($"{g} is not on {m.SourceCluster.Name} any more; nothing was frozen.");
        if (m.State.Freeze is null)
        {
            // The object may have changed since the preflight: freezing one that deploys elsewhere would stop other applications.
            if (Application.Features.Migrations.MigrationInspector.GitOpsProblem(m.App, obj, m.SourceCluster.Name) is { } changed)
                throw new StepFailedException($"{changed} It changed after the preflight; nothing was frozen.");
            var freeze = g.Kind == GitOpsKind.ArgoCdApplication
                ? new GitOpsFreeze(obj.Ref(), obj.At("spec.syncPolicy.automated")?.ToJsonString(), null)
                : new GitOpsFreeze(obj.Ref(), null, obj.Bool("spec.suspend") ?? false);
            await m.SaveStateAsync(s => s with { Freeze = freeze }, ct);
            if (obj.At("metadata.ownerReferences") is JsonArray owners && owners.Any(o => o.Str("kind") == "ApplicationSet"))
                await m.NoteAsync($"{g} belongs to an ApplicationSet, which reverts the freeze unless it ignores /spec/syncPolicy (ignoreApplicationDifferences).", ct);
        }
        var until = m.Wave.NotAfter.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var annotations = KubeJson.Obj(
            (MigrationRun.FrozenBy, $"migration wave \"{m.Wave.Name}\" of plan \"{m.Plan.Name}\", approved by {m.Wave.DecidedByName ?? "a platform engineer"}"),
            (MigrationRun.FrozenReason, $"moving {m.App.SourceNamespace} from {m.SourceCluster.Name} to {m.TargetCluster.Name}; the source stays frozen until the wave is closed or rolled back"),
            (MigrationRun.FrozenUntil, until));
        var spec = g.Kind == GitOpsKind.ArgoCdApplication
            ? KubeJson.Obj(("syncPolicy", KubeJson.Obj(("automated", null))))
            : KubeJson.Obj(("suspend", true));
        var patch = KubeJson.Obj(("metadata", KubeJson.Obj(("annotations", annotations))), ("spec", spec));
        if (!await m.OnSource(c => kube.MergePatchAsync(c, apiVersion, kind, g.Namespace, g.Name, patch, ct)))
            throw new StepFailedException($"{g} disappeared from {m.SourceCluster.Name} while it was being frozen.");
        return Done(g.Kind == GitOpsKind.ArgoCdApplication
            ? $"Automated sync of {g} turned off until {until}."
            : $"{g} suspended until {until}.");
    }

    // ---------------------------------------------------------------- Export

    private async Task<(MigrationStepStatus, string)> ExportAsync(MigrationRun m, CancellationToken ct)
    {
        if (m.State.ManifestsJson is not null) return Done($"{m.State.ExportedObjects} objects to apply (exported before the quiesce).");
        var ns = m.App.SourceNamespace;
        var export = await m.OnSource(c => kube.ExportNamespaceAsync(c, ns, ct));
        if (export.Objects.Count == 0)
            throw new StepFailedException($"Namespace {ns} on {m.SourceCluster.Name} has no objects (is it still there?); there is nothing to move.");
        Portal.Migrations.Transform.TransformResult t;
        try
        {
            t = Portal.Migrations.Transform.ManifestTransformer.Transform(export.Objects, m.App.EffectiveMappings);
        }
        catch (ArgumentException ex)
        {
            throw new StepFailedException($"The mappings cannot be used: {ex.Message}");
        }
        var notes = t.Notes.Concat(export.Unreadable.Select(u => $"Not exported: {u}")).ToList();
        await m.SaveStateAsync(s => s with
        {
            ManifestsJson = m.ProtectManifests(t.Objects),
            ManifestsYaml = t.ToReviewYaml(),
            ExportedObjects = t.Objects.Count,
            Notes = [.. s.Notes, .. notes.Where(n => !s.Notes.Contains(n))],
        }, ct);
        return Done($"{export.Objects.Count} objects exported from {ns}; {t.Objects.Count} to apply on {m.TargetCluster.Name}, " +
                    $"{t.Skipped.Count} left out (the target recreates them)" + (export.Unreadable.Count > 0 ? $"; {export.Unreadable.Count} type(s) could not be read" : "") + ".");
    }

    // ---------------------------------------------------------------- Quiesce

    private static readonly (string ApiVersion, string Kind)[] Workloads = [("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("batch/v1", "CronJob")];

    private async Task<(MigrationStepStatus, string)> QuiesceAsync(MigrationRun m, CancellationToken ct)
    {
        var ns = m.App.SourceNamespace;
        // By dump and restore the databases keep running until they are dumped (MoveData stops them then).
        var databases = m.App.Playbook == MigrationPlaybook.GitOpsWithDatabaseDump ? DatabaseMove.Detect(m) : [];
        if (m.State.Quiesced.Count == 0 && databases.Count > 0) DatabaseMove.CheckReachable(m, databases);
        if (m.State.Quiesced.Count == 0)
        {
            // Remembered once, before anything is scaled: a second run would read zero replicas.
            var found = new List<QuiescedWorkload>();
            var kept = new List<QuiescedWorkload>();
            foreach (var (apiVersion, kind) in Workloads)
            {
                foreach (var o in await m.OnSource(c => kube.ListAsync(c, apiVersion, kind, ns, null, ct)))
                {
                    if (kind != "CronJob" && DatabaseMove.IsDatabase(databases, kind, o.Name()))
                    {
                        kept.Add(new QuiescedWorkload(apiVersion, kind, o.Name(), o.Int("spec.replicas") ?? 1));
                        continue;
                    }
                    found.Add(kind == "CronJob"
                        ? new QuiescedWorkload(apiVersion, kind, o.Name(), null, o.Bool("spec.suspend") ?? false)
                        : new QuiescedWorkload(apiVersion, kind, o.Name(), o.Int("spec.replicas") ?? 1));
                }
            }
            if (kept.Count > 0 && m.State.DatabaseWorkloads.Count == 0) await m.SaveStateAsync(s => s with { DatabaseWorkloads = kept }, ct);
            if (found.Count == 0)
                return Skipped(kept.Count > 0 ? $"Only databases in {ns}; they keep running until they are dumped." : $"No Deployments, StatefulSets or CronJobs in {ns}: nothing to stop.");
            await m.SaveStateAsync(s => s with { Quiesced = found }, ct);
        }
        foreach (var w in m.State.Quiesced.Where(w => !m.State.DatabaseWorkloads.Contains(w)))
            await m.OnSource(c => kube.MergePatchAsync(c, w.ApiVersion, w.Kind, ns, w.Name, QuiescePatch(w), ct));
        // Wait for the pods to go, so nothing writes to the data while it moves.
        var deadline = m.Run.Now + _o.VerifyTimeout;
        while (true)
        {
            var running = new List<string>();
            foreach (var w in m.State.Quiesced.Where(w => w.Kind != "CronJob" && !m.State.DatabaseWorkloads.Contains(w)))
            {
                var o = await m.OnSource(c => kube.GetAsync(c, w.ApiVersion, w.Kind, ns, w.Name, ct));
                if ((o.Int("status.replicas") ?? 0) > 0 || (o.Int("status.readyReplicas") ?? 0) > 0) running.Add($"{w.Kind} {w.Name}");
            }
            if (running.Count == 0) break;
            if (m.Run.Now > deadline) throw new StepFailedException($"Pods of {string.Join(", ", running)} are still running {KubeJson.Words(_o.VerifyTimeout)} after scaling to zero.");
            await m.SaveAsync((a, now) => a.ReportStep(MigrationStep.Quiesce, $"Waiting for the pods of {string.Join(", ", running)} to stop", now), null, null, ct);
            await Task.Delay(_o.PollInterval, ct);
        }
        var scaled = m.State.Quiesced.Count(w => w.Kind != "CronJob");
        var crons = m.State.Quiesced.Count(w => w.Kind == "CronJob");
        var keptRunning = m.State.DatabaseWorkloads.Count > 0
            ? $" The database workload(s) {string.Join(", ", m.State.DatabaseWorkloads.Select(w => $"{w.Kind} {w.Name}"))} keep running until they are dumped."
            : "";
        return Done($"{scaled} workload(s) scaled to 0 and {crons} CronJob(s) suspended on {m.SourceCluster.Name}; their replicas are remembered for the target and for a rollback.{keptRunning}");
    }

    internal static JsonObject QuiescePatch(QuiescedWorkload w) => w.Kind == "CronJob"
        ? KubeJson.Obj(("spec", KubeJson.Obj(("suspend", true))))
        : KubeJson.Obj(("spec", KubeJson.Obj(("replicas", 0))));

    internal static JsonObject RestorePatch(QuiescedWorkload w) => w.Kind == "CronJob"
        ? KubeJson.Obj(("spec", KubeJson.Obj(("suspend", w.WasSuspended ?? false))))
        : KubeJson.Obj(("spec", KubeJson.Obj(("replicas", w.Replicas ?? 1))));
}
