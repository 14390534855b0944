using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// Turns an <c>apiextensions.k8s.io/v1</c> CustomResourceDefinition document into one
/// <see cref="ResourceDefinition"/> per served version. Anything else (v1beta1 CRDs, other kinds) yields nothing:
/// a folder of mixed manifests must load without errors.
/// </summary>
internal static class CrdDocumentReader
{
    public static IEnumerable<ResourceDefinition> Read(JsonNode? document, string source)
    {
        if (document is not JsonObject crd
            || crd.StringProperty("apiVersion") != "apiextensions.k8s.io/v1"
            || crd.StringProperty("kind") != "CustomResourceDefinition"
            || crd["spec"] is not JsonObject spec)
        {
            yield break;
        }
        var group = spec.StringProperty("group");
        var names = spec["names"] as JsonObject;
        var kind = names.StringProperty("kind");
        var plural = names.StringProperty("plural");
        if (group is null || kind is null || plural is null || spec["versions"] is not JsonArray versions) yield break;
        var singular = names.StringProperty("singular") ?? kind.ToLowerInvariant();
        var shortNames = StringList(names?["shortNames"]);
        var categories = StringList(names?["categories"]);
        var namespaced = spec.StringProperty("scope") != "Cluster";

        foreach (var v in versions.OfType<JsonObject>())
        {
            if (v["served"] is JsonValue served && served.TryGetValue<bool>(out var isServed) && !isServed) continue;
            var name = v.StringProperty("name");
            if (name is null) continue;
            yield return new ResourceDefinition
            {
                Group = group,
                Version = name,
                Kind = kind,
                Plural = plural,
                Singular = singular,
                Namespaced = namespaced,
                ShortNames = shortNames,
                Categories = categories,
                Schema = v["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
                HasStatusSubresource = v["subresources"]?["status"] is JsonObject,
                Source = source,
            };
        }
    }

    private static List<string> StringList(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => x.ScalarText()).OfType<string>().ToList() : [];
}
