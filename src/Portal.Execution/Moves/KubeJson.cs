using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves;

/// <summary>Null-tolerant reads and small builders of Kubernetes objects as plain JSON.</summary>
internal static class KubeJson
{
    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not JsonObject o) return null;
            node = o[key];
        }
        return node;
    }

    public static string? Str(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static int? Int(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && int.TryParse(v.ToJsonString(), out var i) ? i : null;

    public static bool? Bool(this JsonNode? node, string path) =>
        node.At(path) is JsonValue v ? v.GetValueKind() switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null } : null;

    public static string Name(this JsonNode obj) => obj.Str("metadata.name") ?? "";

    public static string? Namespace(this JsonNode obj) => obj.Str("metadata.namespace");

    public static string? Label(this JsonNode obj, string key) => obj.At("metadata.labels") is JsonObject l && l[key] is JsonValue v
        && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static ObjectReference Ref(this JsonNode obj) =>
        new(obj.Str("apiVersion") ?? "v1", obj.Str("kind") ?? "", obj.Namespace(), obj.Name());

    /// <summary>Ensures <c>metadata.labels</c> exists and sets <paramref name="key"/>.</summary>
    public static void SetLabel(this JsonObject obj, string key, string value)
    {
        var metadata = obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());
        var labels = metadata["labels"] as JsonObject ?? (JsonObject)(metadata["labels"] = new JsonObject());
        labels[key] = value;
    }

    public static JsonObject Obj(params (string Key, JsonNode? Value)[] pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs) o[k] = v;
        return o;
    }

    public static JsonObject Labels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var o = new JsonObject();
        foreach (var (k, v) in labels) o[k] = v;
        return o;
    }

    public static JsonArray ToArray(IEnumerable<JsonObject> objects) => new(objects.Select(o => (JsonNode)o.DeepClone()).ToArray());

    public static IReadOnlyList<JsonObject> ParseArray(string json) =>
        (JsonNode.Parse(json) as JsonArray ?? []).OfType<JsonObject>().Select(o => o.DeepClone().AsObject()).ToList();

    /// <summary>"90 seconds", "10 minutes", "2 hours".</summary>
    public static string Words(TimeSpan t) =>
        t.TotalMinutes < 2 ? $"{t.TotalSeconds:0} seconds" : t.TotalHours < 2 ? $"{t.TotalMinutes:0} minutes" : $"{t.TotalHours:0.#} hours";
}
