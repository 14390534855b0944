using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Domain.Moves;

/// <summary>Which object: apiVersion, kind, namespace (null for cluster-scoped) and name. Prints as
/// <c>Deployment "shop/web"</c> for messages.</summary>
public sealed record ObjectKey(string ApiVersion, string Kind, string? Namespace, string Name)
{
    /// <summary>The key of an object as the API server returns it; missing parts are empty strings.</summary>
    public static ObjectKey Of(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        return new(Text(obj, "apiVersion") ?? "", Text(obj, "kind") ?? "", Text(metadata, "namespace"), Text(metadata, "name") ?? "");
    }

    /// <summary>The API group ("" for the core group): "apps/v1" → "apps", "v1" → "".</summary>
    public string Group => ApiVersion.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? ApiVersion[..slash] : "";

    public override string ToString() => Namespace is null ? $"{Kind} \"{Name}\"" : $"{Kind} \"{Namespace}/{Name}\"";

    private static string? Text(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
