using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Requests;
using Portal.Application.Features.Snapshots;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Domain.Requests;

namespace Portal.Execution.Snapshots;

/// <summary>
/// "Snapshot now": checks again what the use case checked (the namespace is the tenant's, each claim exists and is bound, a
/// snapshot class for its driver exists, group snapshots are served), then, for application consistency, scales the workload
/// to zero (its replicas recorded first, so it is always scaled back to them: after a failure, and by the next run after a
/// restart in the middle) or runs the registered database's checkpoint by a Job (<see cref="DatabaseCheckpointStep"/>: a failed
/// checkpoint fails the request and nothing is snapshotted), takes the VolumeSnapshots (or one VolumeGroupSnapshot) and waits until they are ready to use or
/// fail, with the error of the snapshot and its content in words.
/// </summary>
internal sealed class VolumeSnapshotExecutor(ISnapshotClusterGateway snapshots, IStorageInventoryGateway storage, IMigrationClusterGateway workloads,
    IDatabaseWorkloadGateway jobs, JobWaiter waiter) : IOperationExecutor
{
    internal static TimeSpan ReadyLimit { get; set; } = TimeSpan.FromMinutes(10);
    internal static TimeSpan StopLimit { get; set; } = TimeSpan.FromMinutes(5);
    private const string Nothing = "Nothing was snapshotted.";

    public RequestKind Kind => RequestKind.VolumeSnapshot;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var request = run.Request;
        var p = request.ParametersAs<VolumeSnapshotParameters>();
        var ns = request.Namespace;
        var state = SnapshotRunState.Read(request.ResultJson);
        if (state?.Snapshots is null)
        {
            if (await Recheck.StillTenantsAsync(run, ns, Nothing, ct) is { } gone) return ExecutionOutcome.Failed(gone);
            if (SnapshotConsistencyRules.Problem(p.Consistency, p.Workload, p.DatabaseId) is { } incomplete)
                return ExecutionOutcome.Failed($"{incomplete} {Nothing}");
            var claims = await snapshots.ListClaimsAsync(run.Connection, ns, ct);
            var classes = await storage.ListSnapshotClassesAsync(run.Connection, ct);
            var (plan, why) = SnapshotPlan.Make(p, request.Reference, ns, $"cluster {run.Cluster.Name}", claims, classes);
            if (why is not null) return ExecutionOutcome.Failed($"{why} {Nothing}");
            if (p.Group && !await snapshots.GroupSnapshotsServedAsync(run.Connection, ct))
                return ExecutionOutcome.Failed($"Cluster {run.Cluster.Name} does not serve VolumeGroupSnapshots ({ClusterApis.CsiGroupSnapshot}) any more; ask again without a group. {Nothing}");
            state = new SnapshotRunState(plan, p.Group ? SnapshotPlan.GroupName(request.Reference) : null, null, null, false);
            var first = state.GroupName ?? plan[0].Name;
            var kind = p.Group ? $"{ClusterApis.CsiGroupSnapshot} VolumeGroupSnapshot" : $"{ClusterApis.CsiSnapshot} VolumeSnapshot";
            var s = state;
            await run.UpdateAsync((r, now) => { r.RecordResult(s.Write(), now); r.RecordObject(kind, first, now); }, RequestEventKind.Step,
                $"Checked again: {string.Join(", ", plan.Select(x => $"claim {x.Claim} with class {x.SnapshotClass}"))}", ct: ct);
        }

        if (p.Consistency == SnapshotConsistency.ScaleToZero && p.Workload is { } w)
        {
            if (state.Scaled is null || state.ScaledBack)
            {
                var found = (await workloads.ListWorkloadsAsync(run.Connection, ns, ct)).FirstOrDefault(x => x.Kind == w.Kind && x.Name == w.Name);
                if (found is null) return ExecutionOutcome.Failed($"{w} no longer exists in namespace {ns} on cluster {run.Cluster.Name}. {Nothing}");
                state = state with { Scaled = w, OriginalReplicas = found.Replicas ?? 1, ScaledBack = false };
                await SaveAsync(run, state, $"Scaling {w} to zero (it had {found.Replicas ?? 1} replicas; it is scaled back to them afterwards)", ct);
            }
            else
            {
                await run.EventAsync(RequestEventKind.Step, $"{w} was scaled down by an earlier run (from {state.OriginalReplicas} replicas); going on", ct: ct);
            }
        }

        try
        {
            if (state.Scaled is { } scaled && !state.ScaledBack)
            {
                var q = Quiesced(scaled, state.OriginalReplicas);
                await workloads.StopWorkloadAsync(run.Connection, ns, q, ct);
                await workloads.WaitForPodsGoneAsync(run.Connection, ns, [q], StopLimit,
                    left => run.EventAsync(RequestEventKind.Step, $"Waiting for the pods of {string.Join(", ", left)} to stop", ct: ct), ct);
                await run.EventAsync(RequestEventKind.Step, $"{scaled} is stopped", ct: ct);
            }

            if (p.Consistency == SnapshotConsistency.DatabaseCheckpoint && state.CheckpointedAt is null && state.Taken is null)
            {
                // Right before the snapshots, after the checks above; a run after a restart follows the recorded Job.
                var (checkpointed, failure) = await new DatabaseCheckpointStep(jobs, waiter).RunAsync(run, p.DatabaseId!.Value, state, ct);
                if (failure is not null) return ExecutionOutcome.Failed($"{failure} {Nothing}");
                state = checkpointed;
            }
            else if (p.Consistency == SnapshotConsistency.DatabaseCheckpoint && state.CheckpointedAt is { } at)
            {
                await run.EventAsync(RequestEventKind.Step, $"The database checkpoint ran at {at.UtcDateTime:HH:mm:ss} UTC in an earlier run; going on", ct: ct);
            }

            return await TakeAsync(run, p, state, ct);
        }
        finally
        {
            if (state.Scaled is { } scaled && !state.ScaledBack)
            {
                // Always, also after a failure; not on the run's token, which is cancelled when the portal stops (the next run
                // scales back then, from the replicas recorded above).
                using var back = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await workloads.RestoreWorkloadAsync(run.Connection, ns, Quiesced(scaled, state.OriginalReplicas), back.Token);
                    state = state with { ScaledBack = true };
                    await SaveAsync(run, state, $"Scaled {scaled} back to {state.OriginalReplicas} replicas", back.Token);
                }
                catch (Exception e) when (e is ClusterAccessException or OperationCanceledException)
                {
                    // The next run (after a retry or a restart) finds it not scaled back and does it.
                }
            }
        }
    }

    private async Task<ExecutionOutcome> TakeAsync(RequestRun run, VolumeSnapshotParameters p, SnapshotRunState state, CancellationToken ct)
    {
        var request = run.Request;
        var ns = request.Namespace;
        var labels = new Dictionary<string, string>(ObjectNaming.Labels(request, run.Tenant.Slug));
        if (p.ScheduleId is { } schedule) labels[PortalLabels.SnapshotScheduleId] = schedule.ToString("N");
        IReadOnlyList<string> names;
        if (state.GroupName is { } groupName)
        {
            var claims = state.Snapshots!.Select(x => x.Claim).ToList();
            var all = await snapshots.ListClaimsAsync(run.Connection, ns, ct);
            var selector = SnapshotPlan.SharedSelector(claims, all);
            if (selector is null)
            {
                selector = new Dictionary<string, string> { [PortalLabels.SnapshotGroup] = request.Reference };
                foreach (var claim in claims) await snapshots.LabelClaimAsync(run.Connection, ns, claim, PortalLabels.SnapshotGroup, request.Reference, ct);
                await run.EventAsync(RequestEventKind.Step, $"Labelled claims {string.Join(", ", claims)} with {PortalLabels.SnapshotGroup}={request.Reference}",
                    "They share no labels that select exactly them, so the portal added this one for the group snapshot's selector (only this label changed).", ct);
            }

            await snapshots.EnsureGroupSnapshotAsync(run.Connection, new GroupSnapshotSpec(ns, groupName, selector, null, labels), ct);
            await run.EventAsync(RequestEventKind.Step, $"VolumeGroupSnapshot {groupName} of {claims.Count} claim(s) is on the cluster; waiting until it is ready",
                $"Selector: {string.Join(", ", selector.Select(l => $"{l.Key}={l.Value}"))}", ct);
            var group = await snapshots.WaitForGroupSnapshotAsync(run.Connection, ns, groupName, ReadyLimit, ct);
            if (!group.ReadyToUse)
                return ExecutionOutcome.Failed($"VolumeGroupSnapshot {groupName} failed: {group.Error ?? "no error given"}"
                    + (group.ContentError is { } ce && ce != group.Error ? $" Its content {group.ContentName} says: {ce}" : ""));
            var members = (await snapshots.ListSnapshotsAsync(run.Connection, ns, ct)).Where(s => s.GroupName == groupName).ToList();
            await SaveAsync(run, state with { Taken = members.Select(m => m.Name).ToList() },
                $"VolumeGroupSnapshot {groupName} is ready: {string.Join(", ", members.Select(m => $"{m.Name} of claim {m.ClaimName} ({m.RestoreSize ?? "size unknown"})"))}", ct);
            return ExecutionOutcome.Succeeded();
        }

        foreach (var s in state.Snapshots!)
        {
            await snapshots.EnsureSnapshotAsync(run.Connection, new VolumeSnapshotSpec(ns, s.Name, s.Claim, s.SnapshotClass, labels), ct);
        }

        names = state.Snapshots!.Select(s => s.Name).ToList();
        await run.EventAsync(RequestEventKind.Step, $"VolumeSnapshot{(names.Count == 1 ? "" : "s")} {string.Join(", ", names)} on the cluster; waiting until ready to use", ct: ct);
        var done = await snapshots.WaitForSnapshotsAsync(run.Connection, ns, names, ReadyLimit,
            left => run.EventAsync(RequestEventKind.Step, $"Waiting for {string.Join(", ", left)}", ct: ct), ct);
        var failed = done.Where(d => !d.ReadyToUse).ToList();
        var missing = names.Except(done.Select(d => d.Name)).ToList();
        if (failed.Count > 0 || missing.Count > 0)
        {
            var words = failed.Select(Failure).Concat(missing.Select(m => $"VolumeSnapshot {m} disappeared before it was ready."));
            return ExecutionOutcome.Failed(string.Join(" ", words));
        }

        await SaveAsync(run, state with { Taken = names },
            $"Ready to use: {string.Join(", ", done.Select(d => $"{d.Name} of claim {d.ClaimName} ({d.RestoreSize ?? "size unknown"})"))}", ct);
        return ExecutionOutcome.Succeeded();
    }

    /// <summary>A failed snapshot in words: its own error, and its content's when that says more.</summary>
    internal static string Failure(VolumeSnapshotInfo s) =>
        $"VolumeSnapshot {s.Name} of claim {s.ClaimName} failed: {s.Error ?? s.ContentError ?? "no error given"}."
        + (s.ContentError is { } ce && ce != s.Error ? $" Its content {s.ContentName} says: {ce}." : "");

    private static QuiescedWorkload Quiesced(WorkloadReference w, int? replicas) => new("apps/v1", w.Kind, w.Name, replicas ?? 1);

    private static Task SaveAsync(RequestRun run, SnapshotRunState state, string title, CancellationToken ct) =>
        run.UpdateAsync((r, now) => r.RecordResult(state.Write(), now), RequestEventKind.Step, title, ct: ct);
}
