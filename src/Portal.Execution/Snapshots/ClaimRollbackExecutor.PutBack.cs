using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Execution.Snapshots;

internal sealed partial class ClaimRollbackExecutor
{
    /// <summary>The way back: the workload at zero, a claim this rollback made from the snapshot removed, the retained old volume
    /// made bindable and a claim of the same name made on it, the workload scaled back, the reclaim policy as it was. Each step is
    /// idempotent, so a second run (after a restart) repeats it safely.</summary>
    private async Task<ExecutionOutcome> PutBackAsync(RequestRun run, ClaimRollbackState state, string because, CancellationToken ct)
    {
        var p = run.Request.ParametersAs<ClaimRollbackParameters>();
        var conn = run.Connection;
        var ns = run.Request.Namespace;
        var o = options.Value;
        if (state.Step < RollbackStep.PuttingBack)
            state = await RecordAsync(run, state with { Step = RollbackStep.PuttingBack, PutBackBecause = because },
                $"Putting the original data of {state.Claim} back: {because}", ct);
        var failed = $"The rollback did not finish: {because}";
        if (state.Step < RollbackStep.PutBack)
        {
            var current = await claims.GetClaimAsync(conn, ns, state.Claim, ct);
            var original = current is not null && current.Uid == state.OldClaimUid;
            if (!original)
            {
                // The claim was deleted: nothing may run while its claim is replaced.
                await StopAsync(run, p.Workload, state, ct);
                var ours = current is not null && current.Labels.GetValueOrDefault(PortalLabels.RequestId) == run.Request.Id.ToString();
                if (current is not null && !ours)
                    return ExecutionOutcome.Failed($"{failed} A claim named {state.Claim} was made by someone else meanwhile; the original data stays on volume {state.OldVolume} (Retain) and {p.Workload} at zero replicas.");
                if (ours && current!.VolumeName != state.OldVolume)
                {
                    await claims.DeleteClaimAsync(conn, ns, state.Claim, current.Uid, o.StopTimeout, ct);
                    current = null;
                }
                if (current is null)
                {
                    if (!await claims.MakeVolumeBindableAsync(conn, state.OldVolume, ct))
                        return ExecutionOutcome.Failed($"{failed} The original volume {state.OldVolume} is gone, so it could not be put back; {p.Workload} stays at zero replicas.");
                    var spec = new ClaimFromSnapshotSpec(ns, state.Claim, state.StorageClass, state.AccessModes, state.Size, null, state.Labels, state.OldVolume);
                    if (await claims.CreateClaimAsync(conn, spec, run.Request.Id.ToString(), ct) == ClaimCreation.Taken)
                        return ExecutionOutcome.Failed($"{failed} A claim named {state.Claim} was made by someone else meanwhile; the original data stays on volume {state.OldVolume} (Retain) and {p.Workload} at zero replicas.");
                }
            }
            await claims.WaitForClaimBoundAsync(conn, ns, state.Claim, o.BindTimeout, ct);
            await workloads.RestoreWorkloadAsync(conn, ns, Quiesced(p.Workload, state), ct);
            await claims.SetReclaimPolicyAsync(conn, state.OldVolume, state.OldReclaimPolicy, ct);
            state = await RecordAsync(run, state with { Step = RollbackStep.PutBack },
                $"Original data put back: claim {state.Claim} bound to volume {state.OldVolume} again, {p.Workload} scaled back to {state.OriginalReplicas}", ct);
        }
        return ExecutionOutcome.Failed($"{failed} The original data was put back: claim {state.Claim} is on volume {state.OldVolume} again and {p.Workload} is scaled back to {state.OriginalReplicas}.");
    }
}
