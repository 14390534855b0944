using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;

namespace Portal.Kubernetes.Tests.Support;

/// <summary>One simulated cluster per test (tests change faults and state, so they do not share one).</summary>
public static class Simulator
{
    public static Task<SimulatedCluster> StartAsync(string name = "sim", int stepMilliseconds = 50) => SimulatedCluster.StartAsync(new SimulatorOptions
    {
        ClusterName = name,
        Port = 0,
        PhaseStepDelay = TimeSpan.FromMilliseconds(stepMilliseconds),
        SeedDemoData = true,
        CrdDirectory = SharedCrds.Directory is { } dir ? Path.Combine(dir, "velero") : null,
    });

    public static ClusterConnection Connection(this SimulatedCluster sim, string? kubeconfig = null) =>
        new(Guid.NewGuid(), sim.ClusterName, kubeconfig ?? sim.Kubeconfig);
}
