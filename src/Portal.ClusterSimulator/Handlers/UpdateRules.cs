using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Validation;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// What the real server does to an update (PUT or patch) of the built-ins whose spec is partly the server's: a
/// Service keeps its allocated clusterIP/clusterIPs and node ports when the update leaves them out (kube-apiserver's
/// <c>patchAllocatedValues</c>) and may not change its clusterIP; a claim's spec is immutable but for
/// <c>resources</c> and <c>volumeAttributesClassName</c> (volumeName and storageClassName set by the binder are kept
/// when the update leaves them out). 422 Invalid otherwise, as upstream.
/// </summary>
internal static class UpdateRules
{
    public static void Apply(ResourceDefinition def, JsonObject stored, JsonObject updated)
    {
        if (def.Group is "snapshot.storage.k8s.io" or "groupsnapshot.storage.k8s.io")
        {
            var immutable = SnapshotSources(def.Kind, stored, updated);
            if (immutable.Count > 0)
            {
                throw ApiException.Invalid(def.QualifiedKind, JsonHelpers.NameOf(updated) ?? "", def.Group, def.Kind,
                    immutable.Select(e => (e.Field, e.Reason, e.Message)));
            }
            return;
        }
        if (def.Group.Length != 0 || stored["spec"] is not JsonObject before || updated["spec"] is not JsonObject after) return;
        var errors = def.Kind switch
        {
            "Service" => Service(before, after),
            "PersistentVolumeClaim" => Claim(before, after),
            _ => [],
        };
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(def.QualifiedKind, JsonHelpers.NameOf(updated) ?? "", def.Group, def.Kind,
                errors.Select(e => (e.Field, e.Reason, e.Message)));
        }
    }

    /// <summary>The CSI snapshot CRDs' CEL update rules: a snapshot's (or content's, or group snapshot's) source is
    /// immutable and required once set, with the CRDs' own messages.</summary>
    private static List<SchemaError> SnapshotSources(string kind, JsonObject stored, JsonObject updated)
    {
        var fields = kind switch
        {
            "VolumeSnapshot" => new[] { "persistentVolumeClaimName", "volumeSnapshotContentName" },
            "VolumeSnapshotContent" => ["volumeHandle", "snapshotHandle"],
            "VolumeGroupSnapshot" => ["selector", "volumeGroupSnapshotContentName"],
            "VolumeGroupSnapshotContent" => ["volumeHandles", "groupSnapshotHandles"],
            _ => [],
        };
        var errors = new List<SchemaError>();
        var before = stored.AtPath("spec.source") as JsonObject;
        var after = updated.AtPath("spec.source") as JsonObject;
        foreach (var field in fields)
        {
            if (before?[field] is not { } old) continue;
            if (after?[field] is not { } now)
            {
                errors.Add(new SchemaError("spec.source", SchemaErrorReasons.Invalid, $"spec.source: Invalid value: \"object\": {field} is required once set"));
            }
            else if (!JsonNode.DeepEquals(old, now))
            {
                var type = now is JsonValue ? "string" : now is JsonArray ? "array" : "object";
                errors.Add(new SchemaError($"spec.source.{field}", SchemaErrorReasons.Invalid, $"spec.source.{field}: Invalid value: \"{type}\": {field} is immutable"));
            }
        }
        return errors;
    }

    private static List<SchemaError> Service(JsonObject before, JsonObject after)
    {
        var errors = new List<SchemaError>();
        var type = after.StringProperty("type") ?? "ClusterIP";
        if (type == "ExternalName") return errors; // an ExternalName Service gives its address up
        foreach (var field in new[] { "clusterIP", "clusterIPs" })
        {
            if (after[field] is null && before[field] is { } kept) after[field] = kept.DeepClone();
        }
        if (before.StringProperty("clusterIP") is { } ip && after.StringProperty("clusterIP") is { } changed && ip != changed)
        {
            errors.Add(new SchemaError("spec.clusterIP", SchemaErrorReasons.Invalid,
                $"spec.clusterIP: Invalid value: \"{changed}\": field is immutable"));
        }
        if (after["ports"] is JsonArray ports && before["ports"] is JsonArray old && type is "NodePort" or "LoadBalancer")
        {
            foreach (var port in ports.OfType<JsonObject>().Where(p => p["nodePort"] is null))
            {
                var match = old.OfType<JsonObject>().FirstOrDefault(o => JsonNode.DeepEquals(o["port"], port["port"]));
                if (match?["nodePort"] is { } nodePort) port["nodePort"] = nodePort.DeepClone();
            }
        }
        return errors;
    }

    private static List<SchemaError> Claim(JsonObject before, JsonObject after)
    {
        foreach (var field in new[] { "volumeName", "storageClassName" })
        {
            if (after[field] is null && before[field] is { } kept) after[field] = kept.DeepClone();
        }
        var mutable = new HashSet<string>(StringComparer.Ordinal) { "resources", "volumeAttributesClassName" };
        var changed = before.Select(p => p.Key).Union(after.Select(p => p.Key))
            .Where(k => !mutable.Contains(k))
            .Where(k => !(k == "volumeName" && before[k] is null)) // the binder may set it
            .Any(k => !JsonNode.DeepEquals(before[k], after[k]));
        return changed
            ? [new SchemaError("spec", SchemaErrorReasons.Forbidden,
                "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")]
            : [];
    }
}
