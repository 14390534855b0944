using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Moves.Tests.Support;

public static class Json
{
    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Equal as JSON (key order ignored); on a difference both sides are shown with sorted keys.</summary>
    public static void Equal(JsonNode expected, JsonNode actual) =>
        Assert.Equal(Canonical(expected), Canonical(actual));

    public static void Equal(string expected, JsonNode actual) => Equal(JsonNode.Parse(expected)!, actual);

    private static string Canonical(JsonNode node) =>
        Sorted(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
