using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Validation;

namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// Reads Kubernetes' own OpenAPI v3 documents (<c>/openapi/v3/apis/batch/v1</c> saved as
/// <c>apis__batch__v1_openapi.json</c>, <c>api__v1_openapi.json</c>) and gives the built-in kinds listed in
/// <see cref="CoreResources.KindsWithOpenApiSchema"/> their real schema: the component tagged with the kind's
/// <c>x-kubernetes-group-version-kind</c>, whose <c>$ref</c>s resolve in the same document.
/// </summary>
internal static class KubernetesOpenApiReader
{
    public const string FileSuffix = "_openapi.json";

    public static IReadOnlyList<ResourceDefinition> Read(string file)
    {
        JsonNode? doc;
        try
        {
            doc = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException)
        {
            return [];
        }
        if (doc?["components"]?["schemas"] is not JsonObject schemas) return [];
        SchemaReferences.Materialize(schemas);
        var builtIns = CoreResources.All().ToDictionary(d => $"{d.Group}/{d.Version}/{d.Kind}", StringComparer.Ordinal);
        var result = new List<ResourceDefinition>();
        foreach (var (_, node) in schemas)
        {
            if (node is not JsonObject schema || schema["x-kubernetes-group-version-kind"] is not JsonArray gvks) continue;
            foreach (var gvk in gvks.OfType<JsonObject>())
            {
                var key = $"{gvk.Str("group") ?? ""}/{gvk.Str("version")}/{gvk.Str("kind")}";
                if (!CoreResources.KindsWithOpenApiSchema.Contains(key) || !builtIns.TryGetValue(key, out var builtIn)) continue;
                result.Add(builtIn.WithSchema(schema, schemas, file));
            }
        }
        return result;
    }
}
