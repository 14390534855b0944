using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// One served group/version/kind: everything discovery, routing, validation and openapi need to know about it.
/// Built-in Kubernetes types carry no schema (anything goes, nothing is pruned); CRDs carry their openAPIV3Schema.
/// </summary>
public sealed class ResourceDefinition
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    public required string Plural { get; init; }
    public string Singular { get; init; } = "";
    public bool Namespaced { get; init; } = true;
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The structural schema (CRD openAPIV3Schema); null for built-ins the simulator does not validate.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>
    /// The <c>components.schemas</c> of the OpenAPI document <see cref="Schema"/> came from, where its <c>$ref</c>s
    /// resolve (built-in kinds loaded from Kubernetes' own OpenAPI v3); null for CRDs, whose schemas are self-contained.
    /// </summary>
    public JsonObject? SchemaDefinitions { get; init; }

    public bool HasStatusSubresource { get; init; }

    /// <summary>Serves <c>/scale</c> (an autoscaling/v1 Scale over <c>spec.replicas</c>): Deployments and StatefulSets.</summary>
    public bool HasScaleSubresource { get; init; }

    /// <summary>Where the definition came from: "built-in", "embedded" or a CRD file path. Helps debugging.</summary>
    public string Source { get; init; } = "built-in";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Store key: objects are shared by all versions of a group/resource, as in a real API server.</summary>
    public string StoreKey => $"{Group}/{Plural}";

    public string ListKind => Kind + "List";

    /// <summary>Pretty "Backup.velero.io" name used in real API error messages.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>This definition with another schema (and the definitions its references resolve in).</summary>
    public ResourceDefinition WithSchema(JsonObject? schema, JsonObject? definitions, string source) => new()
    {
        Group = Group, Version = Version, Kind = Kind, Plural = Plural, Singular = Singular, Namespaced = Namespaced,
        ShortNames = ShortNames, Categories = Categories, HasStatusSubresource = HasStatusSubresource,
        HasScaleSubresource = HasScaleSubresource, Schema = schema, SchemaDefinitions = definitions, Source = source,
    };

    /// <summary>This definition served under another version of its group (same plural, so the same stored objects).</summary>
    internal ResourceDefinition Versioned(string version) => new()
    {
        Group = Group, Version = version, Kind = Kind, Plural = Plural, Singular = Singular, Namespaced = Namespaced,
        ShortNames = ShortNames, Categories = Categories, HasStatusSubresource = HasStatusSubresource,
        HasScaleSubresource = HasScaleSubresource, Source = Source,
    };

    public override string ToString() => $"{ApiVersion} {Kind} ({Plural}, {(Namespaced ? "Namespaced" : "Cluster")})";
}
