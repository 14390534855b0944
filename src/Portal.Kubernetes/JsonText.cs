using System.Text.Json.Nodes;

namespace Portal.Kubernetes;

/// <summary>The one way the adapters read a string field of an object as the API server returned it: its text, or
/// null when it is missing or not a string. Imported with <c>using static</c> where objects are read.</summary>
internal static class JsonText
{
    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
