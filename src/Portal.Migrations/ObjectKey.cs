using System.Text.Json.Nodes;
using Portal.Migrations.Objects;

namespace Portal.Migrations;

/// <summary>Which object: apiVersion, kind, namespace (null for cluster-scoped) and name. Prints as
/// <c>Deployment "shop/web"</c> for messages.</summary>
public sealed record ObjectKey(string ApiVersion, string Kind, string? Namespace, string Name)
{
    /// <summary>The key of an object as the API server returns it; missing parts are empty strings.</summary>
    public static ObjectKey Of(JsonObject obj) =>
        new(obj.Str("apiVersion") ?? "", obj.Str("kind") ?? "", obj.Metadata().Str("namespace"), obj.Metadata().Str("name") ?? "");

    /// <summary>The API group ("" for the core group).</summary>
    public string Group => ApiGroups.GroupOf(ApiVersion);

    public override string ToString() => Namespace is null ? $"{Kind} \"{Name}\"" : $"{Kind} \"{Namespace}/{Name}\"";
}
