using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Store;

namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// The <c>apiextensions.k8s.io/v1</c> CustomResourceDefinition objects of the CRDs a cluster serves, written once at
/// start, so clients that read CRDs (preflight checks, <c>kubectl get crd</c>) see what discovery shows. They are a
/// read-only picture: creating, changing or deleting one does not change what the cluster serves.
/// </summary>
internal static class CrdObjects
{
    /// <summary>Groups of the built-in kinds; everything else in the catalog came from a CRD.</summary>
    private static readonly HashSet<string> BuiltInGroups = new(StringComparer.Ordinal)
    {
        "", "apps", "batch", "storage.k8s.io", "networking.k8s.io", "policy", "apiextensions.k8s.io",
    };

    public static void Seed(SimulatorStore store, CrdCatalog catalog)
    {
        if (catalog.Find("apiextensions.k8s.io/v1", "CustomResourceDefinition") is null) return;
        var crds = catalog.Definitions.Where(d => !BuiltInGroups.Contains(d.Group)).GroupBy(d => (d.Group, d.Plural));
        foreach (var crd in crds.OrderBy(g => g.Key.Plural + "." + g.Key.Group, StringComparer.Ordinal))
        {
            store.Put(Build([.. crd]));
        }
    }

    private static JsonObject Build(IReadOnlyList<ResourceDefinition> versions)
    {
        var first = versions[0];
        var storage = versions.OrderByDescending(v => v.Version == "v1").ThenBy(v => v.Version, StringComparer.Ordinal).First();
        var names = new JsonObject
        {
            ["kind"] = first.Kind,
            ["listKind"] = first.ListKind,
            ["plural"] = first.Plural,
            ["singular"] = first.Singular,
        };
        if (first.ShortNames.Count > 0) names["shortNames"] = Strings(first.ShortNames);
        if (first.Categories.Count > 0) names["categories"] = Strings(first.Categories);
        var served = new JsonArray();
        foreach (var v in versions)
        {
            var version = new JsonObject { ["name"] = v.Version, ["served"] = true, ["storage"] = ReferenceEquals(v, storage) };
            if (v.Schema is not null) version["schema"] = new JsonObject { ["openAPIV3Schema"] = v.Schema.DeepClone() };
            if (v.HasStatusSubresource) version["subresources"] = new JsonObject { ["status"] = new JsonObject() };
            served.Add(version);
        }
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{first.Plural}.{first.Group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = first.Group,
                ["names"] = names,
                ["scope"] = first.Namespaced ? "Namespaced" : "Cluster",
                ["versions"] = served,
            },
            ["status"] = new JsonObject
            {
                ["acceptedNames"] = names.DeepClone(),
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts" },
                    new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted" }),
                ["storedVersions"] = new JsonArray(storage.Version),
            },
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(s => (JsonNode)s).ToArray());
}
