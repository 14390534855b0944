using System.Text.Json.Nodes;
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
        if (KubernetesSchemaSet.ReadSchemas(file) is not { } schemas) return [];
        var builtIns = CoreResources.All().ToDictionary(d => (d.ApiVersion, d.Kind));
        var result = new List<ResourceDefinition>();
        foreach (var (_, node) in schemas)
        {
            if (node is not JsonObject schema) continue;
            foreach (var key in KubernetesSchemaSet.KindsOf(schema))
            {
                var (group, version) = CrdCatalog.SplitApiVersion(key.ApiVersion);
                if (!CoreResources.KindsWithOpenApiSchema.Contains($"{group}/{version}/{key.Kind}")) continue;
                if (builtIns.TryGetValue(key, out var builtIn)) result.Add(builtIn.WithSchema(schema, schemas, file));
            }
        }
        return result;
    }
}
