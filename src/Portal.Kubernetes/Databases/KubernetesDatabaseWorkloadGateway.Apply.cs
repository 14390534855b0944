using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Databases;

public sealed partial class KubernetesDatabaseWorkloadGateway
{
    /// <summary>
    /// Server-side apply (<see cref="ServerSideApply"/>) with strict field validation (a typo in a field is refused, not
    /// silently pruned). When the name is taken: an object carrying the same owner label value is the portal's own (a
    /// retry, or a changed schedule) and is applied again (Jobs and PVCs, whose spec cannot change, are adopted as they
    /// are); any other object is a Conflict the portal must not overwrite.
    /// </summary>
    public async Task<JsonObject> ApplyAsync(ClusterConnection cluster, JsonObject manifest, string ownerLabel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerLabel);
        var resource = DatabaseResources.ForWrite(Text(manifest["apiVersion"]), Text(manifest["kind"]));
        var name = Text(manifest["metadata"]?["name"]);
        var ns = Text(manifest["metadata"]?["namespace"]);
        var owner = Text(manifest["metadata"]?["labels"]?[ownerLabel]);
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(ns))
        {
            throw new ArgumentException("The manifest needs metadata.name and metadata.namespace.", nameof(manifest));
        }

        if (string.IsNullOrEmpty(owner))
        {
            throw new ArgumentException($"The manifest does not carry the owner label '{ownerLabel}'.", nameof(manifest));
        }

        var target = new ApplyTarget(resource.Group, resource.Version, resource.Plural, resource.Kind, ns, name, $"a {resource.Kind}");
        var ownership = new ApplyOwnership(ownerLabel, owner, "the portal for this purpose", "Choose another name or remove that object.");
        try
        {
            var result = await ServerSideApply.ApplyAsync(clients, logger, cluster, target, manifest, ownership,
                resource.SpecImmutable ? ApplyPolicy.CreateOnceRefuseForeign : ApplyPolicy.AdoptOwnRefuseForeign, ct).ConfigureAwait(false);
            return ToNode(result.Object);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            throw await CreateNotFoundAsync(cluster, resource, ns, e, ct).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string @namespace, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var resource = DatabaseResources.ForWrite(apiVersion, kind);
        try
        {
            // Background: the Jobs of a CronJob and the pods of a Job go too, without the caller waiting for them.
            await CallAsync(cluster, new KubeOperation("delete", resource.Describe(), @namespace, name),
                (k, c) => k.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, @namespace,
                    resource.Plural, name, propagationPolicy: "Background", cancellationToken: c), ct).ConfigureAwait(false);
            logger.LogInformation("Deleted {Kind} {Name} in {Namespace} on {Cluster}", resource.Kind, name, @namespace, cluster.ClusterName);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            // Already gone (or its API, e.g. CloudNativePG uninstalled, with it): what the caller wanted.
            logger.LogDebug("{Kind} {Name} in {Namespace} was already gone", resource.Kind, name, @namespace);
        }
    }

    /// <summary>A 404 on apply: the kind's API is not served (CloudNativePG not installed), or the namespace is missing.</summary>
    private async Task<ClusterAccessException> CreateNotFoundAsync(ClusterConnection cluster, DatabaseResource resource, string ns,
        ClusterAccessException notFound, CancellationToken ct)
    {
        if (resource.IsCloudNativePg)
        {
            var groups = await CallAsync(cluster, new KubeOperation("list", "API groups (/apis)"),
                (k, c) => k.Apis.GetAPIVersionsAsync(c), ct).ConfigureAwait(false);
            if (!(groups.Groups ?? []).Any(g => g?.Name == VeleroApi.CloudNativePgGroup))
            {
                return new ClusterAccessException(ClusterFault.ToolMissing,
                    $"CloudNativePG is not installed on {cluster} (the {VeleroApi.CloudNativePgGroup} API is not served), so a " +
                    $"{resource.Kind} cannot be created. Use a dump schedule instead, or install the operator.", notFound);
            }
        }

        return new ClusterAccessException(ClusterFault.NotFound,
            $"The namespace '{ns}' does not exist on {cluster}, so the {resource.Kind} cannot be created there.", notFound);
    }


    private static JsonObject ToNode(JsonElement element) =>
        JsonNode.Parse(element.GetRawText()) as JsonObject ?? new JsonObject();
}
