using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Domain.Moves;

namespace Portal.Kubernetes.Moves;

public sealed partial class KubernetesMigrationGateway
{
    /// <summary>Null-tolerant reads of an object's fields by dotted path ("spec.syncPolicy.automated").</summary>
    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not JsonObject o)
            {
                return null;
            }

            node = o[key];
        }

        return node;
    }

    private static string? Str(JsonNode? node, string path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static int? Int(JsonNode? node, string path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && int.TryParse(v.ToJsonString(), out var i) ? i : null;

    private static bool? Bool(JsonNode? node, string path) =>
        At(node, path) is JsonValue v ? v.GetValueKind() switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null } : null;

    private static string NameOf(JsonNode obj) => Str(obj, "metadata.name") ?? "";

    /// <summary>A label's value (label keys hold dots, so not by path).</summary>
    private static string? LabelOf(JsonNode obj, string key) =>
        At(obj, "metadata.labels") is JsonObject l && l[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static ObjectReference RefOf(JsonNode obj) =>
        new(Str(obj, "apiVersion") ?? "v1", Str(obj, "kind") ?? "", Str(obj, "metadata.namespace"), NameOf(obj));

    private static JsonObject Obj(params (string Key, JsonNode? Value)[] pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs)
        {
            o[k] = v;
        }

        return o;
    }

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in pairs)
        {
            o[k] = v;
        }

        return o;
    }
}
