using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Tests.Fixtures;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Transform;

/// <summary>The shop export transformed with the mappings a real plan would carry: namespace shop → storefront,
/// storage classes fast-ssd → premium-rwo and standard → standard-rwo, registry.old.example.com →
/// registry.new.example.com.</summary>
public static class TransformedShop
{
    public static readonly MigrationMappings Mappings = new()
    {
        Namespaces = new Dictionary<string, string> { ["shop"] = "storefront" },
        StorageClasses = new Dictionary<string, string> { ["fast-ssd"] = "premium-rwo", ["standard"] = "standard-rwo" },
        ImageRegistries = new Dictionary<string, string> { ["registry.old.example.com"] = "registry.new.example.com" },
    };

    public static TransformResult Result() => ManifestTransformer.Transform(ShopExport.All(), Mappings);

    public static JsonObject Find(this TransformResult result, string kind, string name) =>
        result.Objects.Single(o => o["kind"]!.GetValue<string>() == kind && o["metadata"]!["name"]!.GetValue<string>() == name);
}
