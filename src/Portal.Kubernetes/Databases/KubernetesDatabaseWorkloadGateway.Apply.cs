using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Databases;

public sealed partial class KubernetesDatabaseWorkloadGateway
{
    /// <summary>A PUT that loses a race (409, stale resourceVersion) reads the object again; this many rounds at most.</summary>
    private const int ReplaceAttempts = 3;

    /// <summary>
    /// Create with strict field validation (a typo in a field is refused, not silently pruned). When the name is
    /// taken: an object carrying the same owner label value is the portal's own (a retry, or a changed schedule) and
    /// is replaced with the manifest (Jobs and PVCs, whose spec cannot change, are adopted as they are); any other
    /// object is a Conflict the portal must not overwrite.
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

        var body = (JsonObject)manifest.DeepClone();
        // A create that carries a resourceVersion is refused by the API server.
        (body["metadata"] as JsonObject)?.Remove("resourceVersion");
        try
        {
            var created = await CallAsync(cluster, new KubeOperation("create", resource.Describe(), ns, name),
                (k, c) => k.CustomObjects.CreateNamespacedCustomObjectAsync(body, resource.Group, resource.Version, ns,
                    resource.Plural, fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c), ct).ConfigureAwait(false);
            logger.LogInformation("Created {Kind} {Name} in {Namespace} on {Cluster}", resource.Kind, name, ns, cluster.ClusterName);
            return ToNode(AsJson(created));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.Conflict)
        {
            return await ReplaceOwnAsync(cluster, resource, body, ns, name, ownerLabel, owner, e, ct).ConfigureAwait(false);
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

    private async Task<JsonObject> ReplaceOwnAsync(ClusterConnection cluster, DatabaseResource resource, JsonObject body,
        string ns, string name, string ownerLabel, string owner, ClusterAccessException conflict, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await GetAsync(cluster, resource, ns, name, ct).ConfigureAwait(false)
                ?? throw new ClusterAccessException(ClusterFault.Conflict,
                    $"The {resource.Kind} {name} in namespace '{ns}' on {cluster} was reported to exist but is gone; try again.", conflict);
            var theirs = VeleroStatusParser.Labels(existing).GetValueOrDefault(ownerLabel);
            if (theirs != owner)
            {
                throw new ClusterAccessException(ClusterFault.Conflict,
                    $"On {cluster}, an object named {name} (a {resource.Kind} in namespace '{ns}') already exists and was not made " +
                    "by the portal for this purpose; the portal will not overwrite it. Choose another name or remove that object.", conflict);
            }

            if (resource.SpecImmutable)
            {
                logger.LogInformation("{Kind} {Name} in {Namespace} already exists for this owner on {Cluster}; adopting it",
                    resource.Kind, name, ns, cluster.ClusterName);
                return ToNode(existing);
            }

            var replacement = ReplacementBody(body, existing);
            try
            {
                var replaced = await CallAsync(cluster, new KubeOperation("replace", resource.Describe(), ns, name),
                    (k, c) => k.CustomObjects.ReplaceNamespacedCustomObjectAsync(replacement, resource.Group, resource.Version, ns,
                        resource.Plural, name, fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c), ct)
                    .ConfigureAwait(false);
                logger.LogInformation("Replaced {Kind} {Name} in {Namespace} on {Cluster}", resource.Kind, name, ns, cluster.ClusterName);
                return ToNode(AsJson(replaced));
            }
            catch (ClusterAccessException e) when (e.Fault == ClusterFault.Conflict && attempt < ReplaceAttempts)
            {
                logger.LogDebug("{Kind} {Name} changed while being replaced; reading it again", resource.Kind, name);
            }
        }
    }

    /// <summary>The manifest, made to replace <paramref name="existing"/>: its resourceVersion (the server refuses a PUT
    /// without one), its status (so a server without a status subresource keeps it), and what controllers and
    /// people added to its metadata (annotations, finalizers, owner references) unless the manifest sets them.</summary>
    internal static JsonObject ReplacementBody(JsonObject manifest, JsonElement existing)
    {
        var body = (JsonObject)manifest.DeepClone();
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        body["metadata"] = metadata;
        var theirs = VeleroStatusParser.Child(existing, "metadata");
        metadata["resourceVersion"] = VeleroStatusParser.String(theirs, "resourceVersion");
        if (VeleroStatusParser.Child(theirs, "annotations") is { ValueKind: JsonValueKind.Object } annotations)
        {
            var merged = ToNode(annotations);
            if (metadata["annotations"] is JsonObject ours)
            {
                foreach (var (key, value) in ours)
                {
                    merged[key] = value?.DeepClone();
                }
            }

            metadata["annotations"] = merged;
        }

        foreach (var field in new[] { "finalizers", "ownerReferences" })
        {
            if (!metadata.ContainsKey(field) && VeleroStatusParser.Child(theirs, field) is { } value)
            {
                metadata[field] = JsonNode.Parse(value.GetRawText());
            }
        }

        if (VeleroStatusParser.Child(existing, "status") is { } status)
        {
            body["status"] = JsonNode.Parse(status.GetRawText());
        }

        return body;
    }

    /// <summary>A 404 on create: the kind's API is not served (CloudNativePG not installed), or the namespace is missing.</summary>
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

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject ToNode(JsonElement element) =>
        JsonNode.Parse(element.GetRawText()) as JsonObject ?? new JsonObject();
}
