using Portal.ClusterSimulator;

namespace Portal.Web.Hosting;

/// <summary>Runs the built-in cluster simulators of the demo. The portal reaches them only through the
/// kubeconfigs they write, exactly like real clusters; nothing else in the portal knows they are simulated.</summary>
public sealed class SimulatedClusterHost : IAsyncDisposable
{
    private readonly List<SimulatedCluster> _clusters = [];

    // one object store for all demo clusters: the DR site's Velero sees the backups the primary writes to its bucket
    private readonly SimulatedObjectStorage _buckets = new();

    public IReadOnlyList<SimulatedCluster> Clusters => _clusters;

    /// <summary>The CRD folder and phase step of the last cluster started: another one (a test's) is started like the demo's.</summary>
    public (string? CrdDirectory, TimeSpan PhaseStep) LastStart { get; private set; }

    public async Task<SimulatedCluster> StartAsync(string name, string? crdDirectory, TimeSpan phaseStep, CancellationToken ct)
    {
        var cluster = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = name, Port = 0, SeedDemoData = true, CrdDirectory = crdDirectory, PhaseStepDelay = phaseStep,
            ObjectStorage = _buckets,
        }, ct);
        _clusters.Add(cluster);
        LastStart = (crdDirectory, phaseStep);
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clusters) await c.DisposeAsync();
        _clusters.Clear();
    }
}
