using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.ClusterSimulator;
using Portal.Kubernetes.Moves;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Moves;

/// <summary>The demo sites with every real CRD (Argo CD, Flux, Velero, CSI...) when shared/crds is there, so what the
/// tests write is checked by the simulator against the real schemas on every write.</summary>
public static class MigrationSimulator
{
    public static Task<SimulatedCluster> StartAsync(string name, SimulatedObjectStorage? buckets = null) => SimulatedCluster.StartAsync(new SimulatorOptions
    {
        ClusterName = name,
        Port = 0,
        PhaseStepDelay = TimeSpan.FromMilliseconds(50),
        SeedDemoData = true,
        CrdDirectory = SharedCrds.Directory,
        ObjectStorage = buckets,
    });

    public static KubernetesMigrationGateway Gateway(KubernetesGatewayOptions? options = null)
    {
        var opts = Options.Create(options ?? GatewayFactory.FastOptions());
        var factory = new KubernetesClientFactory(opts, NullLogger<KubernetesClientFactory>.Instance);
        return new KubernetesMigrationGateway(factory, opts, NullLogger<KubernetesMigrationGateway>.Instance);
    }
}
