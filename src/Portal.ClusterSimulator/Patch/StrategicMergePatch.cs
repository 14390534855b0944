using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Patch;

/// <summary>
/// An approximation of strategic merge patch for built-in types, which the simulator has no Go struct tags for.
/// kubectl sends these for apply/patch of Deployments and friends; treating them as a plain merge patch would
/// wipe container lists and store the directives as fields. So:
/// directive keys (<c>$setElementOrder/…</c>, <c>$retainKeys</c>) are dropped, <c>$deleteFromPrimitiveList/…</c> removes
/// values, <c>$patch: replace|delete</c> is honoured, lists of objects that share a well-known merge key
/// (name, containerPort, port, mountPath, devicePath, ip) merge element by element; everything else merges like RFC 7386.
/// </summary>
public static class StrategicMergePatch
{
    private static readonly string[] MergeKeys = ["name", "containerPort", "port", "mountPath", "devicePath", "ip"];

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p) return patch?.DeepClone();
        var directive = (p["$patch"] as JsonValue)?.GetValue<string>();
        if (directive == "replace") return Without(p, "$patch");
        if (directive == "delete") return null;

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in p)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key is "$retainKeys" or "$patch") continue;
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray remove)
                {
                    var drop = remove.Select(r => r?.ToJsonString()).ToHashSet();
                    result[field] = new JsonArray(list.Where(x => !drop.Contains(x?.ToJsonString())).Select(x => x?.DeepClone()).ToArray());
                }
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray patchList && result[key] is JsonArray targetList && MergeKey(patchList) is { } mergeKey)
            {
                result[key] = MergeLists(targetList, patchList, mergeKey);
            }
            else
            {
                var merged = Apply(result[key], value);
                if (merged is null) result.Remove(key);
                else result[key] = merged;
            }
        }
        return result;
    }

    private static JsonArray MergeLists(JsonArray target, JsonArray patch, string key)
    {
        var items = target.Select(x => x?.DeepClone()).ToList();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var id = element[key]?.ToJsonString();
            var index = items.FindIndex(x => x is JsonObject o && o[key]?.ToJsonString() == id);
            if ((element["$patch"] as JsonValue)?.GetValue<string>() == "delete")
            {
                if (index >= 0) items.RemoveAt(index);
                continue;
            }
            if (index >= 0) items[index] = Apply(items[index], element);
            else items.Add(Apply(null, element));
        }
        return new JsonArray(items.ToArray());
    }

    private static string? MergeKey(JsonArray list)
    {
        if (list.Count == 0 || !list.All(x => x is JsonObject)) return null;
        return MergeKeys.FirstOrDefault(k => list.All(x => x is JsonObject o && o[k] is JsonValue));
    }

    private static JsonObject Without(JsonObject o, string key) =>
        new(o.Where(p => p.Key != key).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
}
