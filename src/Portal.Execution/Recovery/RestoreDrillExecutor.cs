using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Features.Requests;
using Portal.Domain.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.Execution.Velero;

namespace Portal.Execution.Recovery;

/// <summary>
/// A restore drill: check again that the namespace is still the tenant's, the backup still there and restorable, the target
/// reachable with Velero and the scratch name free (nothing is written before); on another cluster, wait until its Velero sees the
/// backup; make the scratch namespace labelled as the drill's, isolate it and read the isolation back; restore into it with CronJobs
/// suspended and external Services turned ClusterIP; follow the restore; verify (workloads available and claims bound within the
/// limit, then the checks); measure the RTO (restore start to verified) and remove everything unless it is kept for inspection. Any
/// failure after the start fails the drill in words and still cleans up. A second run for a drill already started (a restart, a
/// lease taken over) does not start over: it cleans up and records the drill as interrupted.
/// </summary>
internal sealed partial class RestoreDrillExecutor(IClusterGateway clusters, IMigrationClusterGateway moves, IDrillClusterGateway drills,
    IDatabaseWorkloadGateway jobs, JobWaiter waiter, VeleroFollower follower, DrillCleanup cleanup, IPortalDbContextFactory factory,
    IOptions<DrillOptions> options) : IOperationExecutor
{
    private const string NothingRestored = "Nothing was restored.";

    public RequestKind Kind => RequestKind.RestoreDrill;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var drill = await DrillRows.ByRequestAsync(factory, run.Request.Id, ct);
        if (drill is null) return ExecutionOutcome.Failed($"The drill of this request is not recorded. {NothingRestored}");
        if (drill.IsTerminal) return OutcomeOf(drill);
        var target = await TargetAsync(drill, ct);
        if (drill.Status != DrillStatus.Pending) return await InterruptedAsync(run, drill, target, ct);

        var (problem, backup) = await RecheckAsync(run, drill, target, ct);
        if (problem is not null)
        {
            await RecordAsync(run, drill.Id, (d, now) => d.Fail(problem, null, now), "Drill not started", problem, ct);
            return ExecutionOutcome.Failed(problem);
        }
        drill = await RecordAsync(run, drill.Id, (d, now) =>
        {
            d.Start(now);
            d.UseBackup(backup!.Name, backup.CompletedAt ?? backup.CreatedAt, now);
        }, $"Drill of {drill.Namespace}: restoring backup {backup!.Name} into {drill.ScratchNamespaceName} on {target!.Name}", null, ct);
        try
        {
            return await RunAsync(run, drill, target, ct);
        }
        catch (ClusterAccessException ex)
        {
            return await FailAndFinishAsync(run, drill.Id, target, ClusterConnections.Explain(ex, target.Name), null, ct);
        }
        catch (ClusterWaitTimeoutException ex)
        {
            return await FailAndFinishAsync(run, drill.Id, target, ex.Message, null, ct);
        }
    }

    private async Task<ExecutionOutcome> RunAsync(RequestRun run, RestoreDrill drill, Cluster target, CancellationToken ct)
    {
        var o = options.Value;
        var conn = run.ConnectionTo(target);
        var veleroNs = ClusterConnections.VeleroNamespaceOf(target);
        var labels = Labels(run, drill);
        var scratch = drill.ScratchNamespaceName;
        if (!drill.IsSameCluster)
        {
            await StepAsync(run, drill.Id, $"Waiting for {target.Name} to see backup {drill.BackupName} through the shared backup location (Velero's sync)", ct);
            try
            {
                await moves.WaitForBackupSyncedAsync(conn, veleroNs, drill.BackupName!, o.BackupSyncTimeout, _ => Task.CompletedTask, ct);
            }
            catch (ClusterWaitTimeoutException ex)
            {
                return await FailAndFinishAsync(run, drill.Id, target, $"{ex.Message} {NothingRestored}", null, ct);
            }
        }

        await StepAsync(run, drill.Id, $"Creating the scratch namespace {scratch} on {target.Name}", ct);
        if (await drills.CreateScratchNamespaceAsync(conn, scratch, drill.Id, labels, ct) == ScratchNamespaceResult.Taken)
        {
            var why = $"Namespace {scratch} was created on {target.Name} by someone else just before the drill; the portal left it alone. {NothingRestored}";
            await RecordAsync(run, drill.Id, (d, now) => { d.Fail(why, null, now); d.CleanedUp(now); }, "Drill failed", why, ct);
            return ExecutionOutcome.Failed(why);
        }
        // The portal's rights inside the scratch namespace (its check Jobs) come with its own RoleBinding there, as for a tenant's.
        await clusters.EnsureNamespaceAccessAsync(conn, scratch, ct);
        await StepAsync(run, drill.Id, $"Isolating {scratch}: a NetworkPolicy lets no traffic in or out of it but DNS", ct);
        if (!await drills.IsolateAsync(conn, scratch, drill.Id, labels, ct))
            return await FailAndFinishAsync(run, drill.Id, target,
                $"The isolation NetworkPolicy of {scratch} could not be confirmed on {target.Name}. {NothingRestored}", null, ct);

        var name = ObjectNaming.VeleroObjectName(run.Request);
        var spec = new VeleroRestoreSpec(name, drill.BackupName!, drill.Namespace, scratch, ExistingResourcePolicy.None, RestoreVolumes: true, labels,
            [RestoreModifiers.SuspendCronJobs, .. RestoreModifiers.ServicesToClusterIp]);
        await clusters.EnsureRestoreAsync(conn, veleroNs, spec, ct);
        drill = await RecordAsync(run, drill.Id, (d, now) => d.RestoreStarted(name, now),
            $"Velero Restore {name} created: {drill.Namespace} → {scratch} (CronJobs suspended, LoadBalancer/NodePort Services as ClusterIP)", null, ct);

        ExecutionOutcome restored;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            limit.CancelAfter(o.RestoreTimeout);
            try
            {
                restored = await follower.FollowAsync(run, VeleroObjectKind.Restore, name, limit.Token, (conn, veleroNs));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return await FailAndFinishAsync(run, drill.Id, target, $"Velero did not finish restoring {drill.BackupName} within {Durations.Words(o.RestoreTimeout)}.", null, ct);
            }
        }
        if (restored.Status != RequestStatus.Succeeded)
            return await FailAndFinishAsync(run, drill.Id, target, restored.FailureReason ?? "Velero did not restore the backup.", null, ct);

        await RecordAsync(run, drill.Id, (d, now) => d.Verifying(now), $"Restored; waiting up to {Durations.Words(o.VerifyTimeout)} for workloads and claims in {scratch}", null, ct);
        await moves.WaitForWorkloadsReadyAsync(conn, scratch, o.VerifyTimeout,
            r => StepAsync(run, drill.Id, r.NotReady.Count == 0 ? r.ToString() : $"Waiting for {string.Join(", ", r.NotReady)}", ct, timeline: false), ct);
        var results = await RunChecksAsync(run, drill, conn, labels, ct);
        var verifiedAt = run.Now;
        if (results.FirstOrDefault(r => !r.Passed) is { } failed)
            return await FailAndFinishAsync(run, drill.Id, target, $"Check failed: {failed.Check}: {failed.Detail}.", results, ct);
        drill = await RecordAsync(run, drill.Id, (d, _) => d.Pass(verifiedAt, results), "Drill passed", null, ct);
        await run.EventAsync(RequestEventKind.Step, $"Drill passed: RTO {Durations.Words(drill.MeasuredRto!.Value)} (target {Durations.Words(drill.TargetRto)}"
            + (drill.MetTarget ? ", met)" : ", missed)"), null, ct);
        return await FinishAsync(run, drill.Id, target, ct);
    }

    /// <summary>What the drill checked when it was asked for, checked again before anything is written; the backup it restores.</summary>
    private async Task<(string? Problem, VeleroBackupInfo? Backup)> RecheckAsync(RequestRun run, RestoreDrill drill, Cluster? target, CancellationToken ct)
    {
        if (await Recheck.StillTenantsAsync(run, drill.Namespace, NothingRestored, ct) is { } gone) return (gone, null);
        if (target is null || target.IsRetired) return ($"The cluster the drill restores on has been retired. {NothingRestored}", null);
        var backups = await clusters.ListBackupsAsync(run.Connection, run.VeleroNamespace, ct);
        VeleroBackupInfo? backup;
        if (drill.BackupChosen)
        {
            backup = backups.FirstOrDefault(b => b.Name == drill.BackupName);
            if (backup is null)
                return ($"The backup {drill.BackupName} no longer exists on cluster {run.Cluster.Name} (it may have expired or been deleted). {NothingRestored}", null);
            if (!backup.Includes(drill.Namespace)) return ($"The backup {drill.BackupName} does not contain namespace {drill.Namespace}. {NothingRestored}", null);
            if (!backup.IsRestorable)
                return ($"The backup {drill.BackupName} is {backup.Phase ?? "not finished"}; only a Completed or PartiallyFailed backup can be restored. {NothingRestored}", null);
        }
        else if ((backup = LatestGoodBackup.Of(backups, drill.Namespace)) is null)
            return ($"{drill.Namespace} has no completed backup on cluster {run.Cluster.Name} any more. {NothingRestored}", null);

        var conn = run.ConnectionTo(target);
        if (!drill.IsSameCluster)
        {
            try
            {
                await clusters.ListBackupsAsync(conn, ClusterConnections.VeleroNamespaceOf(target), ct);
            }
            catch (ClusterAccessException ex) when (ex.Fault is ClusterFault.NotFound or ClusterFault.ToolMissing)
            {
                return ($"Velero is not installed on {target.Name} (no velero.io API in namespace {ClusterConnections.VeleroNamespaceOf(target)}). {NothingRestored}", null);
            }
        }
        if (await clusters.GetNamespaceAsync(conn, drill.ScratchNamespaceName, ct) is not null)
            return ($"Namespace {drill.ScratchNamespaceName} already exists on {target.Name}. {NothingRestored}", null);
        return (null, backup);
    }

    private async Task<ExecutionOutcome> InterruptedAsync(RequestRun run, RestoreDrill drill, Cluster? target, CancellationToken ct)
    {
        var why = $"Interrupted while \"{drill.Step}\": the portal restarted (or another replica took the drill over) before it finished. "
                  + "What it made was removed; run the drill again.";
        await RecordAsync(run, drill.Id, (d, now) => d.Interrupt(why, now), "Drill interrupted; removing what it made", why, ct);
        return target is null ? ExecutionOutcome.Failed(why) : await FinishAsync(run, drill.Id, target, ct);
    }

    private async Task<ExecutionOutcome> FailAndFinishAsync(RequestRun run, Guid drillId, Cluster target, string why,
        IReadOnlyList<DrillCheckResult>? results, CancellationToken ct)
    {
        await RecordAsync(run, drillId, (d, now) => d.Fail(why, results, now), "Drill failed", why, ct);
        return await FinishAsync(run, drillId, target, ct);
    }

    /// <summary>Removes what the drill made (unless it is kept for inspection) and ends the request with the drill's result.</summary>
    private async Task<ExecutionOutcome> FinishAsync(RequestRun run, Guid drillId, Cluster target, CancellationToken ct)
    {
        var drill = await DrillRows.ByIdAsync(factory, drillId, ct);
        if (drill.CleanupState == DrillCleanupState.Kept)
        {
            await run.EventAsync(RequestEventKind.Step, $"{drill.ScratchNamespaceName} is kept for inspection until {drill.KeepUntil:yyyy-MM-dd HH:mm} UTC; then the portal removes it", null, ct);
            return OutcomeOf(drill);
        }
        var error = await cleanup.RunAsync(drill, target, ct);
        drill = await RecordAsync(run, drillId, (d, now) =>
            {
                if (error is null) d.CleanedUp(now);
                else d.CleanupFailed(error, now);
            }, error is null ? $"Removed {drill.ScratchNamespaceName} and the drill's Velero Restore" : "Clean-up failed; the portal tries again", error, ct);
        return OutcomeOf(drill);
    }

    private static ExecutionOutcome OutcomeOf(RestoreDrill drill) => drill.Status switch
    {
        DrillStatus.Passed => ExecutionOutcome.Succeeded(),
        _ => ExecutionOutcome.Failed(drill.Failure ?? "The drill failed."),
    };

    /// <summary>Writes the drill's row and its timeline line in one save, under this executor's lease (a lost lease writes
    /// neither); the run announces the request's change, which is what the drill's pages listen to. A row changed meanwhile (the
    /// sweeper) is read again and the change applied again.</summary>
    private Task<RestoreDrill> RecordAsync(RequestRun run, Guid drillId, Action<RestoreDrill, DateTimeOffset> change, string title, string? detail,
        CancellationToken ct) => SaveAsync(run, drillId, change, RequestEventKind.Step, title, detail, ct);

    /// <summary>The drill's step: with a timeline line, or (<paramref name="timeline"/> false: progress while waiting) only on the row.</summary>
    private Task StepAsync(RequestRun run, Guid drillId, string words, CancellationToken ct, bool timeline = true) =>
        SaveAsync(run, drillId, (d, now) => d.SetStep(words, now), timeline ? RequestEventKind.Step : null, words, null, ct);

    private static async Task<RestoreDrill> SaveAsync(RequestRun run, Guid drillId, Action<RestoreDrill, DateTimeOffset> change,
        RequestEventKind? kind, string title, string? detail, CancellationToken ct)
    {
        RestoreDrill? saved = null;
        await run.RetryOnConflictAsync(token => run.UpdateAsync(null, kind, title, detail, token, db =>
        {
            var drill = db.RestoreDrills.First(d => d.Id == drillId);
            change(drill, run.Now);
            saved = drill;
        }), ct);
        return saved!;
    }

    private async Task<Cluster?> TargetAsync(RestoreDrill drill, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(Application.Security.TenantScope.Everything, ct);
        return await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == drill.TargetClusterId, ct);
    }

    private static Dictionary<string, string> Labels(RequestRun run, RestoreDrill drill) =>
        new(ObjectNaming.Labels(run.Request, run.Tenant.Slug)) { [PortalLabels.DrillId] = drill.Id.ToString("N") };
}
