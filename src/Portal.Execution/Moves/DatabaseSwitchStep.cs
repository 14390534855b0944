using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;

namespace Portal.Execution.Moves;

/// <summary>Database move, steps 2 and 3: the source databases stop (nothing changes after the dump; they are remembered
/// with the quiesced workloads, so a rollback starts them again), and the target's (applied at zero; a CloudNativePG
/// cluster is brought up by its operator) start and are waited for.</summary>
internal sealed class DatabaseSwitchStep(IMigrationClusterGateway kube, IOptions<MigrationOptions> options)
{
    private const string CnpgApi = ClusterApis.CloudNativePg;
    private readonly MigrationOptions _o = options.Value;

    public async Task RunAsync(MigrationRun m, CancellationToken ct)
    {
        var srcNs = m.App.SourceNamespace;
        var tgtNs = m.App.TargetNamespace;
        if (m.State.DatabaseWorkloads.Any(w => !m.State.Quiesced.Contains(w)))
            await m.SaveStateAsync(s => s with { Quiesced = [.. s.Quiesced, .. s.DatabaseWorkloads.Where(w => !s.Quiesced.Contains(w))] }, ct);
        foreach (var w in m.State.DatabaseWorkloads)
            await m.OnSource(c => kube.StopWorkloadAsync(c, srcNs, w, ct));

        foreach (var w in m.State.DatabaseWorkloads)
        {
            if (!await m.OnTarget(c => kube.RestoreWorkloadAsync(c, tgtNs, w, ct)))
                throw new StepFailedException($"{w.Kind} {w.Name} is not in {tgtNs} on {m.TargetCluster.Name}: there is no database to restore into.");
        }
        await WaitForDatabasesAsync(m, ct);
    }

    /// <summary>Waits (the one cluster wait) until every database is ready (workloads at their replicas, CloudNativePG
    /// clusters at their instances), for at most <see cref="MigrationOptions.VerifyTimeout"/>; the board and the failure
    /// name what is not ready.</summary>
    private async Task WaitForDatabasesAsync(MigrationRun m, CancellationToken ct)
    {
        var databases = m.State.DatabaseWorkloads.Select(w => new AwaitedDatabase(w.ApiVersion, w.Kind, w.Name, w.Replicas))
            .Concat(m.State.DatabaseDumps.Where(d => d.Kind == "Cluster").Select(d => new AwaitedDatabase(CnpgApi, "Cluster", d.Name, null)))
            .ToList();
        try
        {
            await m.OnTarget(c => kube.WaitForDatabasesReadyAsync(c, m.App.TargetNamespace, databases, _o.VerifyTimeout,
                waiting => DatabaseMove.ReportAsync(m, $"Waiting for the databases on {m.TargetCluster.Name}: {string.Join(", ", waiting)}", ct), ct));
        }
        catch (ClusterWaitTimeoutException e)
        {
            throw new ClusterWaitTimeoutException($"The databases on {m.TargetCluster.Name} are not ready after {Durations.Words(_o.VerifyTimeout)}: " +
                $"{string.Join(", ", e.NotReady.Select(n => $"{n.Name} ({n.Reason})"))}.", e.NotReady);
        }
    }
}
