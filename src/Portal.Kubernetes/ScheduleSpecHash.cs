using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Portal.Kubernetes;

/// <summary>The fingerprint of a Velero Schedule's <c>spec</c> as stored on the cluster: SHA-256 of its JSON with object
/// keys in ordinal order, so the same spec gives the same hash however the API server orders its fields. The executor
/// keeps the hash of what it wrote (read back after the write, so server-side defaults are in it); the follower
/// compares it with what it sees later, and a difference is someone else's change.</summary>
public static class ScheduleSpecHash
{
    public static string Of(JsonElement spec)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteCanonical(writer, spec);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(p.Name);
                    WriteCanonical(writer, p.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in e.EnumerateArray()) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            default:
                e.WriteTo(writer);
                break;
        }
    }
}
