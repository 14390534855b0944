using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Patch;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces.</summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObj) return patch?.DeepClone();
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObj)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }
        return result;
    }
}
