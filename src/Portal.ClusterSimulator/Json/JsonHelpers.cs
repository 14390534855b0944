using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Json;

/// <summary>Small conveniences for reading Kubernetes objects held as <see cref="JsonObject"/>.</summary>
internal static class JsonHelpers
{
    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m) return m;
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    /// <summary>The string value of one property of an object (a key, not a dotted path); null when the node is not an
    /// object or the property is missing or not a string.</summary>
    public static string? StringProperty(this JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? NameOf(JsonObject obj) => obj["metadata"].StringProperty("name");

    public static string? NamespaceOf(JsonObject obj) => obj["metadata"].StringProperty("namespace");

    public static JsonObject CloneObject(this JsonObject obj) => (JsonObject)obj.DeepClone();

    /// <summary>Follows a dotted path such as <c>status.phase</c>; null when any step is missing.</summary>
    public static JsonNode? AtPath(this JsonNode? node, string dottedPath)
    {
        foreach (var part in dottedPath.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node is not JsonObject o) return null;
            node = o[part];
        }
        return node;
    }

    public static long? Long(this JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? (long)double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Renders a scalar the way a label or field selector compares it.</summary>
    public static string? ScalarText(this JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    public static Dictionary<string, string> Labels(this JsonObject obj)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject labels)
        {
            foreach (var (k, v) in labels) result[k] = v.ScalarText() ?? "";
        }
        return result;
    }

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Key-order-independent JSON text, so "did anything change?" is not fooled by property order.</summary>
internal static class CanonicalJson
{
    public static string Of(JsonNode? node)
    {
        var sb = new System.Text.StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    private static void Write(JsonNode? node, System.Text.StringBuilder sb)
    {
        switch (node)
        {
            case JsonObject o:
                sb.Append('{');
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    sb.Append(System.Text.Json.JsonSerializer.Serialize(k)).Append(':');
                    Write(v, sb);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                foreach (var v in a)
                {
                    Write(v, sb);
                    sb.Append(',');
                }
                sb.Append(']');
                break;
            case null:
                sb.Append("null");
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }
}
