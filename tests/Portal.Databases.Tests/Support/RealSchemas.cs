using Portal.ClusterSimulator.Resources;

namespace Portal.Databases.Tests.Support;

/// <summary>The real Kubernetes schemas (<c>shared/crds</c>, with <c>kubernetes-openapi-v3</c>): env
/// <c>PORTAL_CRDS_DIR</c>, else the first <c>shared/crds</c> found walking up from the test binaries.</summary>
public static class RealSchemas
{
    public const string MissingMessage =
        "The real Kubernetes schemas were not found: set PORTAL_CRDS_DIR to the shared/crds folder, or keep the checkout beside shared/crds.";

    private static readonly Lazy<string?> FoundDirectory = new(Locate);

    private static readonly Lazy<CrdCatalog> LoadedCatalog = new(() => CrdCatalog.CreateDefault(Directory!));

    public static string? Directory => FoundDirectory.Value;

    /// <summary>The simulator's catalog over the real schemas (what a simulator started with that folder serves).</summary>
    public static CrdCatalog Catalog => LoadedCatalog.Value;

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PORTAL_CRDS_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnv))
            return HasKubernetesSchemas(fromEnv) ? fromEnv : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "crds");
            if (HasKubernetesSchemas(candidate))
                return candidate;
        }
        return null;
    }

    private static bool HasKubernetesSchemas(string dir) =>
        System.IO.Directory.Exists(Path.Combine(dir, "kubernetes-openapi-v3"));
}

/// <summary>A fact skipped, with the reason, when the real schemas are not available.</summary>
public sealed class RealSchemaFactAttribute : FactAttribute
{
    public RealSchemaFactAttribute()
    {
        if (RealSchemas.Directory is null)
            Skip = RealSchemas.MissingMessage;
    }
}

/// <summary>A theory skipped, with the reason, when the real schemas are not available.</summary>
public sealed class RealSchemaTheoryAttribute : TheoryAttribute
{
    public RealSchemaTheoryAttribute()
    {
        if (RealSchemas.Directory is null)
            Skip = RealSchemas.MissingMessage;
    }
}
