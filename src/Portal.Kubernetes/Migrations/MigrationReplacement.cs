using System.Text.Json.Nodes;

namespace Portal.Kubernetes.Migrations;

/// <summary>
/// The bodies the migration gateway sends for an apply: the object as a create (no server-owned metadata), and as a
/// PUT over the portal's own earlier copy, keeping what the server and controllers own there.
/// </summary>
public static class MigrationReplacement
{
    /// <summary>Metadata only the server sets; a create carrying resourceVersion is refused.</summary>
    private static readonly string[] ServerMetadata =
        ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    /// <summary>Kinds whose spec cannot be changed after creation (a PVC's, bar a size increase; a Job's pod template;
    /// a Pod's): a replace changes only their labels and annotations.</summary>
    private static readonly HashSet<string> SpecImmutableKinds = new(StringComparer.Ordinal)
    {
        "v1/PersistentVolumeClaim", "batch/v1/Job", "v1/Pod",
    };

    public static JsonObject ForCreate(JsonObject obj)
    {
        var body = (JsonObject)obj.DeepClone();
        if (body["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerMetadata)
            {
                metadata.Remove(field);
            }
        }

        return body;
    }

    /// <summary>
    /// <paramref name="desired"/> made to replace <paramref name="existing"/>: its resourceVersion (a PUT without one is
    /// refused for custom resources, and a stale one is a Conflict), uid, creationTimestamp, finalizers and owner
    /// references; labels and annotations merged (the desired ones win, those controllers added stay); status kept (so a
    /// kind without a status subresource, such as an Argo CD Application, does not lose it). A Service keeps its
    /// allocated clusterIP/clusterIPs, node ports and health-check node port (immutable or allocated by the server); for
    /// kinds whose spec is immutable (PVC, Job, Pod) only labels and annotations change.
    /// </summary>
    public static JsonObject ForReplace(JsonObject desired, JsonObject existing)
    {
        var key = $"{Text(desired["apiVersion"])}/{Text(desired["kind"])}";
        var immutable = SpecImmutableKinds.Contains(key);
        var body = (JsonObject)(immutable ? existing : ForCreate(desired)).DeepClone();
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        body["metadata"] = metadata;
        var theirs = existing["metadata"] as JsonObject ?? new JsonObject();
        var ours = desired["metadata"] as JsonObject ?? new JsonObject();

        foreach (var field in new[] { "resourceVersion", "uid", "creationTimestamp" })
        {
            metadata[field] = theirs[field]?.DeepClone();
        }

        foreach (var field in new[] { "finalizers", "ownerReferences" })
        {
            if (metadata[field] is null && theirs[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        foreach (var map in new[] { "labels", "annotations" })
        {
            var merged = theirs[map] is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
            if (ours[map] is JsonObject o)
            {
                foreach (var (k, v) in o)
                {
                    merged[k] = v?.DeepClone();
                }
            }

            metadata[map] = merged;
        }

        if (existing["status"] is { } status)
        {
            body["status"] = status.DeepClone();
        }

        if (key == "v1/Service" && body["spec"] is JsonObject spec && existing["spec"] is JsonObject existingSpec)
        {
            KeepAllocated(spec, existingSpec);
        }

        return body;
    }

    private static void KeepAllocated(JsonObject spec, JsonObject existing)
    {
        var sameType = (Text(spec["type"]) ?? "ClusterIP") == (Text(existing["type"]) ?? "ClusterIP");
        foreach (var field in new[] { "clusterIP", "clusterIPs", "ipFamilies", "healthCheckNodePort" })
        {
            if (existing[field] is { } value && (sameType || field != "healthCheckNodePort"))
            {
                spec[field] = value.DeepClone();
            }
        }

        if (spec["ports"] is not JsonArray ports || existing["ports"] is not JsonArray existingPorts)
        {
            return;
        }

        foreach (var port in ports.OfType<JsonObject>().Where(p => p["nodePort"] is null))
        {
            var match = existingPorts.OfType<JsonObject>().FirstOrDefault(e =>
                (Text(port["name"]) is { } n && Text(e["name"]) == n) || JsonNode.DeepEquals(e["port"], port["port"]));
            if (match?["nodePort"] is { } nodePort)
            {
                port["nodePort"] = nodePort.DeepClone();
            }
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
