using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes;

/// <summary>
/// What the one write path does with an object that already exists under the name. Ownership is the owner label
/// (<see cref="ApplyOwnership"/>): the same value means the portal made it for this purpose. Each policy is named, so a
/// caller that needs other than the default says which and why.
/// </summary>
public sealed record ApplyPolicy(string Name, bool ReapplyOwn, bool LeaveForeign)
{
    /// <summary>The default: the portal's own object is applied again (forcing the portal's fields back, a retry or a
    /// changed schedule); anyone else's is refused in words.</summary>
    public static readonly ApplyPolicy AdoptOwnRefuseForeign = new("adopt own, refuse foreign", ReapplyOwn: true, LeaveForeign: false);

    /// <summary>For objects that must not change once made (a Velero Backup or Restore, whose run has begun; a Job; a
    /// claim): the portal's own is adopted as it is, without a write; anyone else's is refused in words.</summary>
    public static readonly ApplyPolicy CreateOnceRefuseForeign = new("create once, refuse foreign", ReapplyOwn: false, LeaveForeign: false);

    /// <summary>The migration import: the portal's own is applied again; someone else's is left as it is and reported
    /// (<see cref="ApplyOutcome.LeftForeign"/>), so a move never overwrites what the target already runs.</summary>
    public static readonly ApplyPolicy LeaveForeignAsItIs = new("adopt own, leave foreign as it is", ReapplyOwn: true, LeaveForeign: true);

    public override string ToString() => Name;
}

/// <summary>What the write did.</summary>
public enum ApplyOutcome
{
    /// <summary>The object did not exist and was created.</summary>
    Created,

    /// <summary>The portal's own object was applied again.</summary>
    Reapplied,

    /// <summary>The portal's own object was taken as it is, without a write (<see cref="ApplyPolicy.CreateOnceRefuseForeign"/>).</summary>
    Adopted,

    /// <summary>Someone else's object was left as it is (<see cref="ApplyPolicy.LeaveForeignAsItIs"/>).</summary>
    LeftForeign,
}

/// <summary>Who an object must belong to: the owner label and its value, and how the refusal names that owner
/// ("this request", "the portal for this purpose").</summary>
public sealed record ApplyOwnership(string LabelKey, string? LabelValue, string MadeBy, string? Advice = null);

/// <summary>The object to write: where it lives (custom-objects addressing, so core kinds work the same way) and how
/// messages name it ("a Velero Backup", "a CronJob").</summary>
public sealed record ApplyTarget(string Group, string Version, string Plural, string Kind, string? Namespace, string Name, string Description)
{
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}

/// <summary>What the write did, and the object as the cluster answered (or as it was found).</summary>
public sealed record ServerSideApplyResult(ApplyOutcome Outcome, JsonElement Object);

/// <summary>
/// The portal's one way to write an object to a cluster: read it; absent → server-side apply creates it (PATCH
/// <c>application/apply-patch+yaml</c> under the portal's field manager, strict field validation); the portal's own
/// (owner label value matches) → applied again with <c>force</c>, or adopted as it is, by the <see cref="ApplyPolicy"/>;
/// anyone else's → refused with a <see cref="ClusterAccessException"/> (Conflict) naming the object and who it seems to
/// belong to, or left as it is where the policy says so. RBAC: <c>get</c>, <c>patch</c> and (for an apply that creates)
/// <c>create</c>.
/// </summary>
internal static class ServerSideApply
{
    public const string FieldManager = PortalLabels.ManagedByValue;

    /// <summary>Metadata only the server sets: an apply carrying managedFields is refused and a resourceVersion is a
    /// precondition (an export from another cluster carries the source's).</summary>
    private static readonly string[] ServerMetadata =
        ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    /// <summary>Kinds whose spec cannot change after creation (a claim's, bar a size increase; a Job's pod template; a
    /// Pod's): applied again, they keep the live spec and only labels and annotations move.</summary>
    private static readonly HashSet<string> SpecImmutableKinds = new(StringComparer.Ordinal) { "/PersistentVolumeClaim", "batch/Job", "/Pod" };

    public static async Task<ServerSideApplyResult> ApplyAsync(IKubernetesClientFactory clients, ILogger logger, ClusterConnection cluster,
        ApplyTarget target, JsonObject manifest, ApplyOwnership owner, ApplyPolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(policy);
        var existing = await GetAsync(clients, logger, cluster, target, ct).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                // Not forced: an object someone made since the read, with other values, is a conflict rather than overwritten.
                var (created, wasCreated) = await PatchAsync(clients, logger, cluster, target, ApplyConfiguration(manifest, null), force: false, ct)
                    .ConfigureAwait(false);
                if (wasCreated || !WrittenByOthers(created))
                {
                    logger.LogInformation("Created {Kind} {Name} in {Namespace} on {Cluster} by server-side apply",
                        target.Kind, target.Name, target.Namespace ?? "(cluster)", cluster.ClusterName);
                    return new ServerSideApplyResult(wasCreated ? ApplyOutcome.Created : ApplyOutcome.Reapplied, created);
                }

                existing = created; // made by someone else between the read and the write
            }
            catch (ClusterAccessException e) when (e.Fault == ClusterFault.Conflict)
            {
                // someone made it since the read, with other values: judge that one as any existing object
                existing = await GetAsync(clients, logger, cluster, target, ct).ConfigureAwait(false)
                    ?? throw new ClusterAccessException(ClusterFault.Conflict,
                        $"{target.Kind} {target.Name} on {cluster} was reported to exist but is gone; try again.", e);
            }
        }

        var theirs = Label(existing.Value, owner.LabelKey);
        if (owner.LabelValue is null || theirs != owner.LabelValue)
        {
            if (policy.LeaveForeign)
            {
                logger.LogInformation("{Kind} {Name} in {Namespace} on {Cluster} exists and is not the portal's ({Label}); left as it is ({Policy})",
                    target.Kind, target.Name, target.Namespace ?? "(cluster)", cluster.ClusterName, owner.LabelKey, policy);
                return new ServerSideApplyResult(ApplyOutcome.LeftForeign, existing.Value);
            }

            throw new ClusterAccessException(ClusterFault.Conflict, Refusal(cluster, target, owner, existing.Value));
        }

        if (!policy.ReapplyOwn)
        {
            logger.LogInformation("{Kind} {Name} in {Namespace} already exists for this owner on {Cluster}; adopting it as it is",
                target.Kind, target.Name, target.Namespace ?? "(cluster)", cluster.ClusterName);
            return new ServerSideApplyResult(ApplyOutcome.Adopted, existing.Value);
        }

        var (applied, _) = await PatchAsync(clients, logger, cluster, target, ApplyConfiguration(manifest, existing.Value), force: true, ct)
            .ConfigureAwait(false);
        logger.LogInformation("Applied {Kind} {Name} in {Namespace} on {Cluster} again (the portal's own)",
            target.Kind, target.Name, target.Namespace ?? "(cluster)", cluster.ClusterName);
        return new ServerSideApplyResult(ApplyOutcome.Reapplied, applied);
    }

    /// <summary>
    /// The portal's fields on an object it did not make (a storage team's VolumeSnapshotClass): <paramref name="fields"/> is an
    /// apply configuration holding only those fields (apiVersion, kind, metadata.name and e.g. one label), applied with
    /// <c>force</c> under the portal's field manager, so the portal owns exactly them and nobody else's fields move. A field
    /// the portal owned and <paramref name="fields"/> leaves out is removed (server-side apply's rule). Never creates: null
    /// when the object does not exist.
    /// </summary>
    public static async Task<JsonElement?> ApplyFieldsAsync(IKubernetesClientFactory clients, ILogger logger, ClusterConnection cluster,
        ApplyTarget target, JsonObject fields, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (await GetAsync(clients, logger, cluster, target, ct).ConfigureAwait(false) is null) return null;
        var (applied, _) = await PatchAsync(clients, logger, cluster, target, ApplyConfiguration(fields, null), force: true, ct).ConfigureAwait(false);
        logger.LogInformation("Applied the portal's fields of {Kind} {Name} on {Cluster}", target.Kind, target.Name, cluster.ClusterName);
        return applied;
    }

    /// <summary>
    /// The manifest as an apply configuration: without server-owned metadata; over an existing object also without
    /// status (the portal never means to own what controllers report), and for kinds whose spec cannot change, with the
    /// live spec (so only labels and annotations move).
    /// </summary>
    internal static JsonObject ApplyConfiguration(JsonObject manifest, JsonElement? existing)
    {
        var body = (JsonObject)manifest.DeepClone();
        if (body["metadata"] is JsonObject metadata)
        {
            foreach (var field in ServerMetadata)
            {
                metadata.Remove(field);
            }
        }

        if (existing is not { } live)
        {
            return body;
        }

        body.Remove("status");
        var apiVersion = Text(body["apiVersion"]) ?? "";
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        var key = $"{group}/{Text(body["kind"])}";
        if (SpecImmutableKinds.Contains(key))
        {
            if (live.TryGetProperty("spec", out var spec))
            {
                body["spec"] = JsonNode.Parse(spec.GetRawText());
            }
            else
            {
                body.Remove("spec");
            }
        }
        else if (key == "/Service" && body["spec"] is JsonObject desired && live.TryGetProperty("spec", out var liveSpec)
                 && JsonNode.Parse(liveSpec.GetRawText()) is JsonObject existingSpec)
        {
            KeepAllocated(desired, existingSpec);
        }

        return body;
    }

    /// <summary>A Service applied again keeps what the server allocated (clusterIP/clusterIPs, ipFamilies, the
    /// health-check node port while the type stays, node ports by port name or number): they are immutable or the
    /// server's, and a manifest from another cluster (a headless "None" restored with an address) must not move them.</summary>
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

    /// <summary>The refusal in words: the object, and who it seems to belong to (its owner label, else the field
    /// managers that wrote it).</summary>
    internal static string Refusal(ClusterConnection cluster, ApplyTarget target, ApplyOwnership owner, JsonElement existing)
    {
        var where = target.Namespace is null ? "" : $" in namespace '{target.Namespace}'";
        var theirs = Label(existing, owner.LabelKey);
        var writers = Writers(existing);
        var belongs = theirs is not null
            ? $"it carries {owner.LabelKey}={theirs}, so it belongs to another owner"
            : writers.Count > 0
                ? $"it carries no {owner.LabelKey} label and was written by {string.Join(", ", writers)}"
                : $"it carries no {owner.LabelKey} label";
        return $"On {cluster}, an object named {target.Name} ({target.Description}{where}) already exists and was not made by " +
            $"{owner.MadeBy}; the portal will not overwrite it ({belongs}).{(owner.Advice is null ? "" : " " + owner.Advice)}";
    }

    private static async Task<JsonElement?> GetAsync(IKubernetesClientFactory clients, ILogger logger, ClusterConnection cluster,
        ApplyTarget target, CancellationToken ct)
    {
        try
        {
            return KubeCalls.AsJson(await KubeCalls.RunAsync(clients, logger, cluster,
                new KubeOperation("get", target.Resource, target.Namespace, target.Name), (k, c) => target.Namespace is null
                    ? k.CustomObjects.GetClusterCustomObjectAsync(target.Group, target.Version, target.Plural, target.Name, c)
                    : k.CustomObjects.GetNamespacedCustomObjectAsync(target.Group, target.Version, target.Namespace, target.Plural, target.Name, c),
                ct).ConfigureAwait(false));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return null; // or its type is not served, or its namespace is missing: the apply says which
        }
    }

    /// <summary>One server-side apply; the object the server answered with, and whether the apply created it (201).</summary>
    private static async Task<(JsonElement Object, bool Created)> PatchAsync(IKubernetesClientFactory clients, ILogger logger,
        ClusterConnection cluster, ApplyTarget target, JsonObject configuration, bool force, CancellationToken ct)
    {
        // The body goes as raw JSON text (JSON is YAML), so nothing in it is re-serialised on the way.
        var body = new V1Patch(configuration.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        using var response = await KubeCalls.RunAsync(clients, logger, cluster,
            new KubeOperation("apply", target.Resource, target.Namespace, target.Name), (k, c) => target.Namespace is null
                ? k.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync(body, target.Group, target.Version, target.Plural, target.Name,
                    fieldManager: FieldManager, fieldValidation: "Strict", force: force, cancellationToken: c)
                : k.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync(body, target.Group, target.Version, target.Namespace,
                    target.Plural, target.Name, fieldManager: FieldManager, fieldValidation: "Strict", force: force, cancellationToken: c),
            ct).ConfigureAwait(false);
        return (KubeCalls.AsJson(response.Body), response.Response.StatusCode == HttpStatusCode.Created);
    }

    /// <summary>Whether a field manager other than the portal wrote the object's main resource (status writes by its
    /// controller do not count).</summary>
    private static bool WrittenByOthers(JsonElement obj) => Writers(obj).Count > 0;

    private static List<string> Writers(JsonElement obj)
    {
        var writers = new List<string>();
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("managedFields", out var managed) && managed.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in managed.EnumerateArray())
            {
                var manager = VeleroStatusParser.String(entry, "manager");
                if (manager is not null && manager != FieldManager && VeleroStatusParser.String(entry, "subresource") is null
                    && !writers.Contains(manager))
                {
                    writers.Add(manager);
                }
            }
        }

        return writers;
    }

    private static string? Label(JsonElement obj, string key) => VeleroStatusParser.Labels(obj).GetValueOrDefault(key);

}
