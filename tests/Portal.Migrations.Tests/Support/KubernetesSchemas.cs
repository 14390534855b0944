using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Validation;

namespace Portal.Migrations.Tests.Support;

/// <summary>
/// The real Kubernetes OpenAPI v3 schemas in <c>shared/crds/kubernetes-openapi-v3</c> (env <c>PORTAL_CRDS_DIR</c>,
/// else the first <c>shared/crds</c> found walking up from the test binaries), checked strictly (unknown fields are
/// errors, as with kubectl's <c>fieldValidation=Strict</c>) with the simulator's <see cref="KubernetesSchemaSet"/>,
/// the same code the simulator serves them with. Every kind those documents declare is covered in full: core/v1,
/// apps/v1, batch/v1, networking.k8s.io/v1, policy/v1, rbac.authorization.k8s.io/v1, storage.k8s.io/v1 and
/// admissionregistration.k8s.io/v1. A kind they do not declare is an error, so no test passes by checking nothing.
/// </summary>
public static class KubernetesSchemas
{
    public const string MissingMessage =
        "The real Kubernetes schemas were not found: set PORTAL_CRDS_DIR to the shared/crds folder, or keep the checkout beside shared/crds.";

    private static readonly Lazy<string?> FoundDirectory = new(Locate);
    private static readonly Lazy<KubernetesSchemaSet> Documents = new(() => KubernetesSchemaSet.Load(Path.Combine(FoundDirectory.Value!, "kubernetes-openapi-v3")));

    public static string? Directory => FoundDirectory.Value;

    /// <summary>True when the folder has the full schema of this apiVersion/kind.</summary>
    public static bool HasFullSchema(string apiVersion, string kind) => Documents.Value.HasSchema(apiVersion, kind);

    /// <summary>Schema errors of <paramref name="obj"/>; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(JsonObject obj) => Documents.Value.Validate(obj).Select(e => e.Message).ToList();

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
        if (KubernetesSchemas.Directory is null) Skip = KubernetesSchemas.MissingMessage;
    }
}

/// <summary>A theory skipped, with the reason, when the real schemas are not available.</summary>
public sealed class RealSchemaTheoryAttribute : TheoryAttribute
{
    public RealSchemaTheoryAttribute()
    {
        if (KubernetesSchemas.Directory is null) Skip = KubernetesSchemas.MissingMessage;
    }
}
