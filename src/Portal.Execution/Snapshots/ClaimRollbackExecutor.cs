using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Requests;
using Portal.Application.Features.Snapshots.Restore;
using Portal.Application.Resilience;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Domain.Requests;

namespace Portal.Execution.Snapshots;

/// <summary>
/// Fast rollback of a claim to its snapshot. Checked again first (namespace still the tenant's, snapshot ready and of this claim,
/// the workload still mounting it: else it fails in words and writes nothing); then, each step recorded once done
/// (<see cref="ClaimRollbackState"/>) so that a second run goes on from there: the workload scaled to zero (its replicas recorded
/// first), the bound volume's reclaim policy set to Retain (the original recorded), the claim deleted and made again with the same
/// name, class, access modes, size and labels from the snapshot, the workload scaled back and waited ready (time from approval to
/// ready measured), and only then the old volume's reclaim policy put back (a Delete policy releases it). When the new claim cannot
/// be made or the workload does not come back, the original is put back: the retained volume bound again to a claim of the name.
/// </summary>
internal sealed partial class ClaimRollbackExecutor(ISnapshotClusterGateway snapshots, IClaimRestoreGateway claims, IMigrationClusterGateway workloads,
    IOptions<SnapshotRestoreOptions> options) : IOperationExecutor
{
    private const string NothingChanged = "Nothing was changed.";

    public RequestKind Kind => RequestKind.ClaimRollback;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var p = run.Request.ParametersAs<ClaimRollbackParameters>();
        var state = ClaimRollbackState.Read(run.Request.ResultJson);
        if (state is null)
        {
            var (problem, started) = await StartAsync(run, p, ct);
            if (problem is not null) return ExecutionOutcome.Failed(problem);
            state = started!;
        }

        try
        {
            return state.Step >= RollbackStep.PuttingBack ? await PutBackAsync(run, state, state.PutBackBecause ?? "", ct) : await ForwardAsync(run, p, state, ct);
        }
        catch (ClusterAccessException ex) when (!Transient.IsClusterOutage(ex) && state.Step < RollbackStep.Ready)
        {
            // Not a passing outage (those go back to the queue and resume from the recorded step): the data goes back as it was.
            var latest = ClaimRollbackState.Read(run.Request.ResultJson) ?? state;
            if (latest.Step < RollbackStep.ScaledDown) return ExecutionOutcome.Failed(ClusterConnections.Explain(ex, run.Cluster.Name));
            return await PutBackAsync(run, latest, ClusterConnections.Explain(ex, run.Cluster.Name), ct);
        }
        catch (ClusterWaitTimeoutException ex) when (state.Step < RollbackStep.PuttingBack)
        {
            // Pods that would not stop, or a claim that would not go: the original is put back (scaled up as it was).
            return await PutBackAsync(run, ClaimRollbackState.Read(run.Request.ResultJson) ?? state, ex.Message, ct);
        }
    }

    /// <summary>Check again and record what is there before anything is changed.</summary>
    private async Task<(string? Problem, ClaimRollbackState? State)> StartAsync(RequestRun run, ClaimRollbackParameters p, CancellationToken ct)
    {
        var ns = run.Request.Namespace;
        if (await Recheck.StillTenantsAsync(run, ns, NothingChanged, ct) is { } gone) return (gone, null);
        var (problem, plan, workload) = await ClaimRestoreChecks.RollbackAsync(snapshots, claims, run.Connection, ns, p, ct);
        if (problem is not null) return ($"{problem.Message} {NothingChanged}", null);
        var volume = await claims.GetVolumeAsync(run.Connection, plan!.Source.VolumeName!, ct);
        if (volume is null) return ($"Volume {plan.Source.VolumeName} of claim {p.ClaimName} is not there. {NothingChanged}", null);
        var labels = plan.Source.Labels.Where(l => l.Key != PortalLabels.RequestId).ToDictionary(l => l.Key, l => l.Value);
        foreach (var (k, v) in ObjectNaming.Labels(run.Request, run.Tenant.Slug)) labels[k] = v;
        var state = new ClaimRollbackState
        {
            Step = RollbackStep.Checked, Claim = p.ClaimName, Snapshot = p.SnapshotName, Workload = p.Workload.ToString(),
            OriginalReplicas = workload!.Replicas, OldVolume = volume.Name, OldReclaimPolicy = volume.ReclaimPolicy, OldClaimUid = plan.Source.Uid,
            StorageClass = plan.Source.StorageClass, AccessModes = plan.Source.AccessModes, Size = plan.Size, Labels = labels,
            ApprovedAt = run.Request.DecidedAt ?? run.Request.StartedAt ?? run.Request.CreatedAt,
        };
        await RecordAsync(run, state, $"Checked: snapshot {p.SnapshotName} of claim {p.ClaimName} is ready; {p.Workload} mounts the claim " +
            $"({workload.Replicas} replica(s)); volume {volume.Name} has reclaim policy {volume.ReclaimPolicy}", ct);
        return (null, state);
    }

    private async Task<ExecutionOutcome> ForwardAsync(RequestRun run, ClaimRollbackParameters p, ClaimRollbackState state, CancellationToken ct)
    {
        var o = options.Value;
        var conn = run.Connection;
        var ns = run.Request.Namespace;
        if (state.Step < RollbackStep.ScaledDown)
        {
            await StopAsync(run, p.Workload, state, ct);
            state = await RecordAsync(run, state with { Step = RollbackStep.ScaledDown }, $"{p.Workload} scaled to zero; its pods are gone", ct);
        }
        if (state.Step < RollbackStep.VolumeRetained)
        {
            await claims.SetReclaimPolicyAsync(conn, state.OldVolume, "Retain", ct);
            state = await RecordAsync(run, state with { Step = RollbackStep.VolumeRetained },
                $"Volume {state.OldVolume} kept: reclaim policy Retain (was {state.OldReclaimPolicy}) until the rollback is verified", ct);
        }
        if (state.Step < RollbackStep.ClaimDeleted)
        {
            await claims.DeleteClaimAsync(conn, ns, state.Claim, state.OldClaimUid, o.StopTimeout, ct);
            state = await RecordAsync(run, state with { Step = RollbackStep.ClaimDeleted }, $"Claim {state.Claim} deleted (its volume {state.OldVolume} is retained)", ct);
        }
        if (state.Step < RollbackStep.ClaimRecreated)
        {
            var snapshot = await snapshots.GetSnapshotAsync(conn, ns, state.Snapshot, ct);
            if (snapshot is not { ReadyToUse: true })
                return await PutBackAsync(run, state, $"Snapshot {state.Snapshot} is {(snapshot is null ? "gone" : "no longer ready")}, so claim {state.Claim} cannot be made from it.", ct);
            var spec = new ClaimFromSnapshotSpec(ns, state.Claim, state.StorageClass, state.AccessModes, state.Size, state.Snapshot, state.Labels);
            if (await claims.CreateClaimAsync(conn, spec, run.Request.Id.ToString(), ct) == ClaimCreation.Taken)
                return ExecutionOutcome.Failed($"A claim named {state.Claim} was made in {ns} by someone else while the rollback ran; the portal left it, " +
                    $"and {p.Workload} stays at zero replicas. The original data is on volume {state.OldVolume} (reclaim policy Retain).");
            ClaimDetail bound;
            try
            {
                bound = await claims.WaitForClaimBoundAsync(conn, ns, state.Claim, o.BindTimeout, ct);
            }
            catch (ClusterWaitTimeoutException ex)
            {
                return await PutBackAsync(run, state, ex.Message, ct);
            }
            state = await RecordAsync(run, state with { Step = RollbackStep.ClaimRecreated, NewVolume = bound.VolumeName },
                $"Claim {state.Claim} made again from snapshot {state.Snapshot} ({state.Size}) and bound to volume {bound.VolumeName}", ct);
        }
        if (state.Step < RollbackStep.Ready)
        {
            await workloads.RestoreWorkloadAsync(conn, ns, Quiesced(p.Workload, state), ct);
            try
            {
                // The rolled-back workload only: another workload of the namespace that is not ready is no reason to put the data back.
                await workloads.WaitForWorkloadsReadyAsync(conn, ns, [Quiesced(p.Workload, state)], o.ReadyTimeout, _ => Task.CompletedTask, ct);
            }
            catch (ClusterWaitTimeoutException ex)
            {
                return await PutBackAsync(run, state, $"{p.Workload} did not become ready with the snapshot's data: {ex.Message}", ct);
            }
            var ready = run.Now;
            var took = ready - state.ApprovedAt;
            state = await RecordAsync(run, state with
            {
                Step = RollbackStep.Ready, ReadyAt = ready, TimeFromApprovalToReady = Durations.Words(took), SecondsFromApprovalToReady = Math.Round(took.TotalSeconds, 1),
            }, $"{p.Workload} back at {state.OriginalReplicas} replica(s) and ready: {Durations.Words(took)} from approval to ready", ct);
        }
        if (state.Step < RollbackStep.Released)
        {
            await claims.SetReclaimPolicyAsync(conn, state.OldVolume, state.OldReclaimPolicy, ct);
            state = await RecordAsync(run, state with { Step = RollbackStep.Released }, state.OldReclaimPolicy == "Retain"
                ? $"Old volume {state.OldVolume} keeps its own reclaim policy Retain: it stays, Released, until a storage administrator removes it"
                : $"Old volume {state.OldVolume} released: its reclaim policy is {state.OldReclaimPolicy} again", ct);
        }
        return ExecutionOutcome.Succeeded();
    }

    private async Task StopAsync(RequestRun run, WorkloadReference workload, ClaimRollbackState state, CancellationToken ct)
    {
        var q = Quiesced(workload, state);
        if (!await workloads.StopWorkloadAsync(run.Connection, run.Request.Namespace, q, ct))
            throw new ClusterAccessException(ClusterFault.NotFound, $"{workload} is gone from {run.Request.Namespace}.");
        await workloads.WaitForPodsGoneAsync(run.Connection, run.Request.Namespace, [q], options.Value.StopTimeout, _ => Task.CompletedTask, ct);
    }

    private static QuiescedWorkload Quiesced(WorkloadReference w, ClaimRollbackState state) => new("apps/v1", w.Kind, w.Name, state.OriginalReplicas);

    private static async Task<ClaimRollbackState> RecordAsync(RequestRun run, ClaimRollbackState state, string title, CancellationToken ct)
    {
        await run.UpdateAsync((r, now) => r.RecordResult(state.ToJson(), now), RequestEventKind.Step, title, ct: ct);
        return state;
    }
}
