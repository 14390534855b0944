using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Validation;

namespace Portal.Deployment.Tests;

/// <summary>
/// The real Kubernetes 1.35 schemas (<c>shared/crds/kubernetes-openapi-v3</c>: env <c>PORTAL_CRDS_DIR</c>, else the first
/// <c>shared/crds</c> found walking up from the test binaries), checked strictly with the simulator's
/// <see cref="KubernetesSchemaSet"/>: the same code that checks the portal's own writes.
/// </summary>
internal static class RealSchemas
{
    public const string MissingMessage =
        "The real Kubernetes schemas were not found: set PORTAL_CRDS_DIR to the shared/crds folder, or keep the checkout beside shared/crds.";

    private static readonly Lazy<string?> FoundDirectory = new(Locate);
    private static readonly Lazy<KubernetesSchemaSet> Set = new(() => KubernetesSchemaSet.Load(Path.Combine(FoundDirectory.Value!, "kubernetes-openapi-v3")));

    public static string? Directory => FoundDirectory.Value;

    /// <summary>Every schema error of every document of a rendered YAML stream, prefixed with the object it is in.</summary>
    public static IReadOnlyList<string> Errors(string yaml) =>
        YamlToJson.ParseDocuments(yaml).OfType<JsonObject>().SelectMany(o => Set.Value.Validate(o)
            .Select(e => $"{o["kind"]} {o["metadata"]?["namespace"]}/{o["metadata"]?["name"]}: {e.Message}")).ToList();

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PORTAL_CRDS_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnv))
            return HasSchemas(fromEnv) ? fromEnv : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "crds");
            if (HasSchemas(candidate)) return candidate;
        }
        return null;
    }

    private static bool HasSchemas(string dir) => System.IO.Directory.Exists(Path.Combine(dir, "kubernetes-openapi-v3"));
}

/// <summary>A fact skipped, with the reason, when the real schemas are not available.</summary>
public sealed class RealSchemaFactAttribute : FactAttribute
{
    public RealSchemaFactAttribute()
    {
        if (RealSchemas.Directory is null) Skip = RealSchemas.MissingMessage;
    }
}
