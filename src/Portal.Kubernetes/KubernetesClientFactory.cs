using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes;

/// <summary>Builds and caches one <see cref="IKubernetes"/> per cluster credential. The cache key includes a hash of
/// the kubeconfig, so a re-registered (rotated) credential gets a fresh client and the old one is retired.</summary>
public interface IKubernetesClientFactory
{
    IKubernetes GetClient(ClusterConnection cluster);
}

public sealed class KubernetesClientFactory(IOptions<KubernetesGatewayOptions> options, ILogger<KubernetesClientFactory> logger)
    : IKubernetesClientFactory, IDisposable
{
    private readonly ConcurrentDictionary<Guid, Entry> _clients = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    private sealed record Entry(string Fingerprint, IKubernetes Client);

    public IKubernetes GetClient(ClusterConnection cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var fingerprint = Fingerprint(cluster.Kubeconfig);
        if (_clients.TryGetValue(cluster.ClusterId, out var entry) && entry.Fingerprint == fingerprint)
        {
            return entry.Client;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_clients.TryGetValue(cluster.ClusterId, out entry) && entry.Fingerprint == fingerprint)
            {
                return entry.Client;
            }

            var client = Build(cluster, options.Value.RequestTimeout);
            _clients[cluster.ClusterId] = new Entry(fingerprint, client);
            if (entry is not null)
            {
                logger.LogInformation("The credential of {Cluster} changed; built a new client and retiring the old one", cluster.ClusterName);
                Retire(entry.Client);
            }

            return client;
        }
    }

    /// <summary>Builds a client from a kubeconfig string after checking it (<see cref="KubeconfigReader"/>).</summary>
    internal static IKubernetes Build(ClusterConnection cluster, TimeSpan requestTimeout)
    {
        var read = KubeconfigReader.Read(cluster.Kubeconfig);
        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(read.Model, read.ContextName);
            // Ordinary calls are bounded by this; KubernetesClient lifts it for watch=true requests.
            config.HttpClientTimeout = requestTimeout;
            // Every connection resolves the host and refuses link-local and metadata addresses first.
            config.FirstMessageHandlerSetup = handler => handler.ConnectCallback = ServerAddressGuard.ConnectAsync;
            return new k8s.Kubernetes(config);
        }
        catch (Exception e) when (e is KubeConfigException or FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new ClusterAccessException(ClusterFault.Invalid,
                $"The kubeconfig of {cluster} could not be turned into a client: {e.Message}", e);
        }
    }

    private void Retire(IKubernetes client)
    {
        // Calls and watches already running on the old client get a grace period before it is disposed.
        _ = Task.Delay(options.Value.RetiredClientGracePeriod).ContinueWith(_ => client.Dispose(), TaskScheduler.Default);
    }

    private static string Fingerprint(string kubeconfig) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kubeconfig ?? "")));

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _clients.Values)
            {
                entry.Client.Dispose();
            }

            _clients.Clear();
        }
    }
}
