using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;
using Portal.Moves.Playbooks;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>Scales the source's workloads to zero and suspends its CronJobs (their replicas remembered first), then waits
/// for their pods to go, so nothing writes to the data while it moves.</summary>
internal sealed class QuiesceStep(IMigrationClusterGateway kube, IOptions<MigrationOptions> options) : IApplicationMoveStep
{
    public async Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct)
    {
        var ns = m.App.SourceNamespace;
        // By dump and restore the databases keep running until they are dumped (MoveData stops them then).
        var databases = m.App.Playbook == MigrationPlaybook.GitOpsWithDatabaseDump ? DatabaseMove.Detect(m) : [];
        if (m.State.Quiesced.Count == 0 && databases.Count > 0) DatabaseMove.CheckReachable(m, databases);
        if (m.State.Quiesced.Count == 0)
        {
            // Remembered once, before anything is scaled: a second run would read zero replicas.
            var all = await m.OnSource(c => kube.ListWorkloadsAsync(c, ns, ct));
            var kept = all.Where(w => w.Kind != "CronJob" && DatabaseMove.IsDatabase(databases, w.Kind, w.Name)).ToList();
            var found = all.Where(w => !kept.Contains(w)).ToList();
            if (kept.Count > 0 && m.State.DatabaseWorkloads.Count == 0) await m.SaveStateAsync(s => s with { DatabaseWorkloads = kept }, ct);
            if (found.Count == 0)
                return StepOutcome.Skipped(kept.Count > 0 ? $"Only databases in {ns}; they keep running until they are dumped." : $"No Deployments, StatefulSets or CronJobs in {ns}: nothing to stop.");
            await m.SaveStateAsync(s => s with { Quiesced = found }, ct);
        }
        var stopping = m.State.Quiesced.Where(w => !m.State.DatabaseWorkloads.Contains(w)).ToList();
        foreach (var w in stopping)
            await m.OnSource(c => kube.StopWorkloadAsync(c, ns, w, ct));
        await m.OnSource(c => kube.WaitForPodsGoneAsync(c, ns, stopping, options.Value.VerifyTimeout, running =>
            m.SaveAsync((a, now) => a.ReportStep(MigrationStep.Quiesce, $"Waiting for the pods of {string.Join(", ", running)} to stop", now), null, null, ct), ct));
        var scaled = m.State.Quiesced.Count(w => w.Kind != "CronJob");
        var crons = m.State.Quiesced.Count(w => w.Kind == "CronJob");
        var keptRunning = m.State.DatabaseWorkloads.Count > 0
            ? $" The database workload(s) {string.Join(", ", m.State.DatabaseWorkloads.Select(w => $"{w.Kind} {w.Name}"))} keep running until they are dumped."
            : "";
        return StepOutcome.Done($"{scaled} workload(s) scaled to 0 and {crons} CronJob(s) suspended on {m.SourceCluster.Name}; their replicas are remembered for the target and for a rollback.{keptRunning}");
    }
}
