using Portal.Application.Abstractions.Clusters;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>Brings the workloads up on the target with the replicas they had on the source; CronJobs resume unless they
/// were suspended there.</summary>
internal sealed class StartTargetStep(IMigrationClusterGateway kube) : IApplicationMoveStep
{
    public async Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct)
    {
        if (m.State.Quiesced.Count == 0) return StepOutcome.Skipped("No workloads to start.");
        int scaled = 0, resumed = 0;
        foreach (var w in m.State.Quiesced)
        {
            if (!await m.OnTarget(c => kube.RestoreWorkloadAsync(c, m.App.TargetNamespace, w, ct)))
            {
                await m.NoteAsync($"{w.Kind} {w.Name} is not on {m.TargetCluster.Name}; it was not started.", ct);
                continue;
            }
            if (w.Kind == "CronJob") { if (w.WasSuspended != true) resumed++; }
            else scaled++;
        }
        return StepOutcome.Done($"{scaled} workload(s) scaled to the replicas they had on the source; {resumed} CronJob(s) resumed.");
    }
}
