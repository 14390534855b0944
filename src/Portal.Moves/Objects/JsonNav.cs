using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Moves.Objects;

/// <summary>Null-tolerant reads of the Kubernetes objects as the API server returns them.</summary>
internal static class JsonNav
{
    /// <summary>The string value of one property of an object (a key, not a dotted path); null when the node is not an
    /// object or the property is missing or not a string.</summary>
    public static string? StringProperty(this JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool Bool(this JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static JsonObject? Obj(this JsonNode? node, string key) => node is JsonObject o ? o[key] as JsonObject : null;

    public static JsonArray? Arr(this JsonNode? node, string key) => node is JsonObject o ? o[key] as JsonArray : null;

    /// <summary>The objects of an array, skipping nulls and scalars.</summary>
    public static IEnumerable<JsonObject> Objects(this JsonArray? array) => array?.OfType<JsonObject>() ?? [];

    public static JsonObject? Metadata(this JsonNode? obj) => obj.Obj("metadata");

    public static string? Label(this JsonNode? obj, string key) => obj.Metadata().Obj("labels").StringProperty(key);

    public static string? Annotation(this JsonNode? obj, string key) => obj.Metadata().Obj("annotations").StringProperty(key);

    /// <summary>Removes <paramref name="key"/> from the object under <paramref name="parent"/> and drops that object when it ends up empty.</summary>
    public static void RemoveFrom(this JsonObject owner, string parent, string key)
    {
        if (owner[parent] is not JsonObject child) return;
        child.Remove(key);
        if (child.Count == 0) owner.Remove(parent);
    }
}
