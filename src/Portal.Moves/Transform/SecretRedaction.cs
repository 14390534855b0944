using System.Text;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>
/// Copies of objects fit for people to review: a Secret's values are replaced by a note of their size, so the review
/// shows which keys move and never what they hold (the portal stores and shows the review; the values stay on the
/// clusters). Other objects are returned as they are.
/// </summary>
public static class SecretRedaction
{
    public static IReadOnlyList<JsonObject> Redact(IEnumerable<JsonObject> objects) => objects.Select(Redact).ToList();

    public static JsonObject Redact(JsonObject obj)
    {
        if (obj.StringProperty("kind") != "Secret" || obj.StringProperty("apiVersion") != "v1") return obj;
        var copy = (JsonObject)obj.DeepClone();
        foreach (var field in new[] { "data", "stringData" })
        {
            if (copy[field] is not JsonObject values) continue;
            foreach (var key in values.Select(p => p.Key).ToList())
                values[key] = $"(hidden: {SizeOf(values[key], base64: field == "data")} bytes)";
        }
        return copy;
    }

    private static int SizeOf(JsonNode? value, bool base64)
    {
        var text = value?.GetValue<string>() ?? "";
        if (!base64) return Encoding.UTF8.GetByteCount(text);
        try
        {
            return Convert.FromBase64String(text).Length;
        }
        catch (FormatException)
        {
            return text.Length;
        }
    }
}
