using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using k8s;
using k8s.Autorest;

namespace Portal.Kubernetes;

/// <summary>The <see cref="IClusterGateway"/> over KubernetesClient. Split by concern into partial files:
/// this one (plumbing, probe, namespaces), <c>.Discovery</c>, <c>.Velero</c> and <c>.Watch</c>.</summary>
public sealed partial class KubernetesClusterGateway(
    IKubernetesClientFactory clients,
    IOptions<KubernetesGatewayOptions> options,
    ILogger<KubernetesClusterGateway> logger,
    TimeProvider? time = null) : IClusterGateway
{
    private const string FieldManager = PortalLabels.ManagedByValue;
    private readonly KubernetesGatewayOptions _options = options.Value;
    /// <summary>The clock of a watch's reconnect backoff.</summary>
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public ParsedKubeconfig ParseKubeconfig(string kubeconfig) => KubeconfigReader.Parse(kubeconfig);

    public Task<IReadOnlyList<System.Net.IPAddress>> ResolveServerAsync(string host, CancellationToken ct) =>
        ServerAddressGuard.ResolveAsync(host, ct);

    public async Task<ClusterProbe> ProbeAsync(ClusterConnection cluster, CancellationToken ct)
    {
        // Read raw, so an address that answers with a web page is described in words rather than as a JSON error.
        var version = await CallAsync(cluster, new KubeOperation("read", "the server version (/version)"),
            async (k, c) =>
            {
                // A raw read is not bounded by the client's request timeout: bound it here, as every other call is.
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(c);
                bounded.CancelAfter(_options.RequestTimeout);
                return await KubeRaw.GetJsonAsync(k, "/version", bounded.Token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        var gitVersion = version.ValueKind == JsonValueKind.Object && version.TryGetProperty("gitVersion", out var g) && g.ValueKind == JsonValueKind.String
            ? g.GetString()
            : throw new ClusterAccessException(ClusterFault.Invalid,
                $"The address of {cluster} answered, but not as a Kubernetes API server: its /version is JSON without a gitVersion.");
        // /version may be open to anonymous users; discovery is not, so this proves the credential works.
        await CallAsync(cluster, new KubeOperation("list", "API groups (/apis)"), (k, c) => k.Apis.GetAPIVersionsAsync(c), ct)
            .ConfigureAwait(false);
        return new ClusterProbe(gitVersion!);
    }

    public async Task<IReadOnlyList<NamespaceInfo>> ListNamespacesAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var list = await CallAsync(cluster, new KubeOperation("list", "namespaces"),
            (k, c) => k.CoreV1.ListNamespaceAsync(cancellationToken: c), ct).ConfigureAwait(false);
        return list.Items.Select(ToInfo).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<NamespaceInfo?> GetNamespaceAsync(ClusterConnection cluster, string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            var ns = await CallAsync(cluster, new KubeOperation("get", "namespace", Name: name),
                (k, c) => k.CoreV1.ReadNamespaceAsync(name, cancellationToken: c), ct).ConfigureAwait(false);
            return ToInfo(ns);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return null;
        }
    }

    private static NamespaceInfo ToInfo(k8s.Models.V1Namespace ns) => new(
        ns.Metadata?.Name ?? "",
        ns.Status?.Phase ?? "Active",
        ns.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>());

    /// <summary>Runs one API call and maps any failure to a <see cref="ClusterAccessException"/>.</summary>
    private Task<T> CallAsync<T>(ClusterConnection cluster, KubeOperation operation,
        Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken ct) =>
        KubeCalls.RunAsync(clients, logger, cluster, operation, call, ct);

    private static JsonElement AsJson(object? body) => KubeCalls.AsJson(body);

    private static bool IsStatus(Exception? e, HttpStatusCode code) =>
        e is HttpOperationException { Response: { } r } && r.StatusCode == code;
}
