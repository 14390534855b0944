using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using k8s;

namespace Portal.Kubernetes.Databases;

/// <summary>The <see cref="IDatabaseWorkloadGateway"/> over KubernetesClient, sharing the client cache of the cluster
/// gateway. Split by concern: this file (plumbing, Secret and PVC checks), <c>.Discovery</c>, <c>.Apply</c>,
/// <c>.Jobs</c> (listing runs) and <c>.Watch</c>. Every object is read as JSON through the custom-objects API, so
/// fields the typed models do not know survive, and one code path serves core, batch and CloudNativePG kinds.</summary>
public sealed partial class KubernetesDatabaseWorkloadGateway(
    IKubernetesClientFactory clients,
    IOptions<KubernetesGatewayOptions> options,
    ILogger<KubernetesDatabaseWorkloadGateway> logger,
    TimeProvider? time = null) : IDatabaseWorkloadGateway
{
    private const string FieldManager = PortalLabels.ManagedByValue;
    private readonly KubernetesGatewayOptions _options = options.Value;
    /// <summary>The clock of a watch's reconnect backoff.</summary>
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<SecretKeys?> GetSecretKeysAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct)
    {
        var secret = await GetAsync(cluster, DatabaseResources.Secret, @namespace, name, ct).ConfigureAwait(false);
        if (secret is not { } s)
        {
            return null;
        }

        // Only the key names leave this method; the values are never copied, returned or logged.
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var field in new[] { "data", "stringData" })
        {
            if (VeleroStatusParser.Child(s, field) is { ValueKind: JsonValueKind.Object } map)
            {
                foreach (var p in map.EnumerateObject())
                {
                    keys.Add(p.Name);
                }
            }
        }

        return new SecretKeys(VeleroStatusParser.Name(s) ?? name, [.. keys]);
    }

    public async Task<VolumeClaimInfo?> GetVolumeClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct)
    {
        var claim = await GetAsync(cluster, DatabaseResources.PersistentVolumeClaim, @namespace, name, ct).ConfigureAwait(false);
        if (claim is not { } c)
        {
            return null;
        }

        var spec = VeleroStatusParser.Child(c, "spec");
        var status = VeleroStatusParser.Child(c, "status");
        return new VolumeClaimInfo(
            VeleroStatusParser.Name(c) ?? name,
            VeleroStatusParser.String(spec, "storageClassName"),
            VeleroStatusParser.Strings(spec, "accessModes"),
            VeleroStatusParser.String(status, "phase") ?? "Pending",
            VeleroStatusParser.String(VeleroStatusParser.Child(status, "capacity"), "storage"));
    }

    /// <summary>GETs one object; null when it does not exist (404).</summary>
    private async Task<JsonElement?> GetAsync(ClusterConnection cluster, DatabaseResource resource, string @namespace, string name,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            return AsJson(await CallAsync(cluster, new KubeOperation("get", resource.Describe(), @namespace, name),
                (k, c) => k.CustomObjects.GetNamespacedCustomObjectAsync(resource.Group, resource.Version, @namespace,
                    resource.Plural, name, c), ct).ConfigureAwait(false));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return null;
        }
    }

    /// <summary>LISTs a namespaced collection, optionally by label selector; the items as JSON.</summary>
    private async Task<List<JsonElement>> ListAsync(ClusterConnection cluster, DatabaseResource resource, string @namespace,
        string? labelSelector, CancellationToken ct)
    {
        var what = labelSelector is null ? resource.Describe() : $"{resource.Describe()} with labels '{labelSelector}'";
        var list = AsJson(await CallAsync(cluster, new KubeOperation("list", what, @namespace),
            (k, c) => k.CustomObjects.ListNamespacedCustomObjectAsync(resource.Group, resource.Version, @namespace, resource.Plural,
                labelSelector: labelSelector, cancellationToken: c), ct).ConfigureAwait(false));
        return VeleroStatusParser.Items(list).ToList();
    }

    /// <summary>Runs one API call and maps any failure to a <see cref="ClusterAccessException"/>.</summary>
    private Task<T> CallAsync<T>(ClusterConnection cluster, KubeOperation operation,
        Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken ct) =>
        KubeCalls.RunAsync(clients, logger, cluster, operation, call, ct);

    private static JsonElement AsJson(object? body) => KubeCalls.AsJson(body);
}
