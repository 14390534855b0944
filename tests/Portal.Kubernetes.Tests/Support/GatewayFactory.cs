using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Portal.Kubernetes.Tests.Support;

public static class GatewayFactory
{
    public static KubernetesGatewayOptions FastOptions() => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(10),
        WatchBackoffBase = TimeSpan.FromMilliseconds(10),
        WatchMaxConsecutiveFailures = 4,
        WatchTimeoutSeconds = 30,
    };

    public static KubernetesClusterGateway Create(KubernetesGatewayOptions? options = null, Microsoft.Extensions.Logging.ILogger<KubernetesClusterGateway>? logger = null)
    {
        var opts = Options.Create(options ?? FastOptions());
        var factory = new KubernetesClientFactory(opts, NullLogger<KubernetesClientFactory>.Instance);
        return new KubernetesClusterGateway(factory, opts, logger ?? NullLogger<KubernetesClusterGateway>.Instance);
    }
}

public static class DatabaseGatewayFactory
{
    public static Portal.Kubernetes.Databases.KubernetesDatabaseWorkloadGateway Create(KubernetesGatewayOptions? options = null,
        TimeProvider? time = null)
    {
        var opts = Options.Create(options ?? GatewayFactory.FastOptions());
        var factory = new KubernetesClientFactory(opts, NullLogger<KubernetesClientFactory>.Instance);
        return new Portal.Kubernetes.Databases.KubernetesDatabaseWorkloadGateway(factory, opts,
            NullLogger<Portal.Kubernetes.Databases.KubernetesDatabaseWorkloadGateway>.Instance, time);
    }
}
