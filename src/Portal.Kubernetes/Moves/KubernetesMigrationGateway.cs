using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using k8s;
using k8s.Models;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Moves;

/// <summary>
/// The <see cref="IMigrationClusterGateway"/> over KubernetesClient. Every kind is addressed through the generic
/// custom-objects API (KubernetesClient sends group "" to <c>/api/v1</c>), at the plural and scope discovery gives
/// (<see cref="ApiDiscovery"/>, cached per cluster). Split by concern: this file (get, list, patch, delete),
/// <c>.Export</c>, <c>.Apply</c> and <c>.Facts</c>; the intents of moving an application in <c>.GitOps</c>,
/// <c>.Workloads</c>, <c>.Target</c> and <c>.Waits</c>.
/// </summary>
public sealed partial class KubernetesMigrationGateway : IMigrationClusterGateway
{
    private const string FieldManager = PortalLabels.ManagedByValue;
    private readonly IKubernetesClientFactory _clients;
    private readonly KubernetesGatewayOptions _options;
    private readonly ILogger<KubernetesMigrationGateway> _logger;
    private readonly ApiDiscovery _discovery;
    private readonly TimeProvider _time;
    private readonly ClusterWait _wait;

    public KubernetesMigrationGateway(IKubernetesClientFactory clients, IOptions<KubernetesGatewayOptions> options,
        ILogger<KubernetesMigrationGateway> logger, TimeProvider? time = null)
    {
        _clients = clients;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _wait = new ClusterWait(clients, options, logger, _time);
        _discovery = new ApiDiscovery(clients, logger, _options.DiscoveryCacheDuration, Math.Max(1, _options.ListParallelism));
    }

    public async Task<JsonObject?> GetAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var resource = await _discovery.ResolveAsync(cluster, apiVersion, kind, ct).ConfigureAwait(false);
        return resource is null ? null : await GetAsync(cluster, resource, @namespace, name, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace,
        string? labelSelector, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var resource = await _discovery.ResolveAsync(cluster, apiVersion, kind, ct).ConfigureAwait(false);
        if (resource is null)
        {
            return []; // the type is not served, so there is none of it
        }

        return await ListAsync(cluster, resource, resource.Namespaced ? @namespace : null, labelSelector, ct).ConfigureAwait(false);
    }

    /// <summary>Whether the cluster serves the kind at the apiVersion (its API or CRD is installed).</summary>
    public async Task<bool> ServesAsync(ClusterConnection cluster, string apiVersion, string kind, CancellationToken ct) =>
        await _discovery.ResolveAsync(cluster, apiVersion, kind, ct).ConfigureAwait(false) is not null;

    /// <summary>A JSON merge patch (RFC 7386) on the object; false when it does not exist. Not on the gateway's interface:
    /// the executor says what it wants done (the intents), and the patches stay in this adapter.</summary>
    public async Task<bool> MergePatchAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name,
        JsonObject patch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var resource = await _discovery.ResolveAsync(cluster, apiVersion, kind, ct).ConfigureAwait(false);
        if (resource is null)
        {
            return false;
        }

        var ns = Scope(resource, @namespace, name);
        // Merge patch works on custom resources too (strategic merge does not). The body goes as raw JSON text so a
        // null, which removes the field (RFC 7386), reaches the server instead of being dropped by a serializer.
        var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
        try
        {
            await CallAsync(cluster, new KubeOperation("patch", resource.Describe(), ns, name), (k, c) => ns is null
                ? k.CustomObjects.PatchClusterCustomObjectAsync(body, resource.Group, resource.Version, resource.Plural, name,
                    fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c)
                : k.CustomObjects.PatchNamespacedCustomObjectAsync(body, resource.Group, resource.Version, ns, resource.Plural, name,
                    fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c), ct).ConfigureAwait(false);
            _logger.LogInformation("Patched {Kind} {Name} in {Namespace} on {Cluster}", kind, name, ns ?? "(cluster)", cluster.ClusterName);
            return true;
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var resource = await _discovery.ResolveAsync(cluster, apiVersion, kind, ct).ConfigureAwait(false);
        if (resource is null)
        {
            return false; // its type is not served (a CRD removed): nothing of it is left
        }

        var ns = Scope(resource, @namespace, name);
        try
        {
            // Background: what the object owns (a Deployment's ReplicaSets) goes too, without the caller waiting for it.
            await CallAsync(cluster, new KubeOperation("delete", resource.Describe(), ns, name), (k, c) => ns is null
                ? k.CustomObjects.DeleteClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name,
                    propagationPolicy: "Background", cancellationToken: c)
                : k.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name,
                    propagationPolicy: "Background", cancellationToken: c), ct).ConfigureAwait(false);
            _logger.LogInformation("Deleted {Kind} {Name} in {Namespace} on {Cluster}", kind, name, ns ?? "(cluster)", cluster.ClusterName);
            return true;
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return false;
        }
    }

    /// <summary>GETs one object at a resolved resource; null on 404.</summary>
    private async Task<JsonObject?> GetAsync(ClusterConnection cluster, ApiResource resource, string? @namespace, string name,
        CancellationToken ct)
    {
        var ns = Scope(resource, @namespace, name);
        try
        {
            var body = await CallAsync(cluster, new KubeOperation("get", resource.Describe(), ns, name), (k, c) => ns is null
                ? k.CustomObjects.GetClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name, c)
                : k.CustomObjects.GetNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name, c), ct)
                .ConfigureAwait(false);
            return WithType(ToNode(body), resource);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return null;
        }
    }

    /// <summary>LISTs a resolved resource in one namespace, or across the cluster when <paramref name="namespace"/> is null;
    /// every item gets apiVersion and kind (list responses leave them out per item).</summary>
    private async Task<List<JsonObject>> ListAsync(ClusterConnection cluster, ApiResource resource, string? @namespace,
        string? labelSelector, CancellationToken ct)
    {
        var what = labelSelector is null ? resource.Describe() : $"{resource.Describe()} with labels '{labelSelector}'";
        var body = await CallAsync(cluster, new KubeOperation("list", what, @namespace), (k, c) => @namespace is null
            ? k.CustomObjects.ListClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural,
                labelSelector: labelSelector, cancellationToken: c)
            : k.CustomObjects.ListNamespacedCustomObjectAsync(resource.Group, resource.Version, @namespace, resource.Plural,
                labelSelector: labelSelector, cancellationToken: c), ct).ConfigureAwait(false);
        return ToNode(body)["items"] is JsonArray items
            ? items.OfType<JsonObject>().Select(i => WithType((JsonObject)i.DeepClone(), resource)).ToList()
            : [];
    }

    /// <summary>The namespace to address: required for namespaced kinds, ignored for cluster-scoped ones.</summary>
    private static string? Scope(ApiResource resource, string? @namespace, string name)
    {
        if (!resource.Namespaced)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(@namespace)
            ? throw new ArgumentException($"{resource.Kind} {name} is namespaced ({resource.Describe()}): a namespace is needed.", nameof(@namespace))
            : @namespace;
    }

    private static JsonObject WithType(JsonObject obj, ApiResource resource)
    {
        // apiVersion and kind first, as kubectl shows them
        var typed = new JsonObject { ["apiVersion"] = resource.ApiVersion, ["kind"] = resource.Kind };
        foreach (var (key, value) in obj.ToList())
        {
            if (key is not ("apiVersion" or "kind"))
            {
                obj.Remove(key);
                typed[key] = value;
            }
        }

        return typed;
    }

    private static JsonObject ToNode(object? body) =>
        JsonNode.Parse(KubeCalls.AsJson(body).GetRawText()) as JsonObject ?? new JsonObject();

    private Task<T> CallAsync<T>(ClusterConnection cluster, KubeOperation operation,
        Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken ct) =>
        KubeCalls.RunAsync(_clients, _logger, cluster, operation, call, ct);
}
