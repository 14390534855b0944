using Xunit;

namespace Portal.TestSupport;

/// <summary>
/// The real upstream CRDs and Kubernetes OpenAPI schemas (<c>shared/crds</c>, beside the checkout): env
/// <c>PORTAL_CRDS_DIR</c> when set, else the first <c>shared/crds</c> found walking up from the test binaries. A folder
/// counts only when it holds both <c>velero</c> and <c>kubernetes-openapi-v3</c>. The one locator of every test project;
/// tests that need it are marked <see cref="CrdsFactAttribute"/> or <see cref="CrdsTheoryAttribute"/>.
/// </summary>
public static class SharedCrds
{
    public const string EnvironmentVariable = "PORTAL_CRDS_DIR";

    public const string MissingMessage =
        "The real CRDs and Kubernetes schemas were not found: set PORTAL_CRDS_DIR to the shared/crds folder, or keep the checkout beside shared/crds.";

    private static readonly Lazy<string?> Found = new(() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory));

    /// <summary>The folder, or null when it is not there.</summary>
    public static string? Directory => Found.Value;

    /// <summary>A file or folder inside it, e.g. <c>PathTo("velero", "velero.io_backups.yaml")</c>; the folder must be there.</summary>
    public static string PathTo(params string[] parts) =>
        Path.Combine([Directory ?? throw new InvalidOperationException(MissingMessage), .. parts]);

    /// <summary>The rule itself, for its tests: <paramref name="fromEnvironment"/> wins when set (a wrong value finds
    /// nothing rather than something else), else the walk up from <paramref name="start"/>.</summary>
    public static string? Locate(string? fromEnvironment, string start)
    {
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return IsCrdFolder(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "crds");
            if (IsCrdFolder(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsCrdFolder(string dir) =>
        System.IO.Directory.Exists(Path.Combine(dir, "velero")) && System.IO.Directory.Exists(Path.Combine(dir, "kubernetes-openapi-v3"));
}

/// <summary>A fact skipped, with <see cref="SharedCrds.MissingMessage"/>, when the real CRDs are not available
/// (xunit 2 has no dynamic skip).</summary>
public sealed class CrdsFactAttribute : FactAttribute
{
    public CrdsFactAttribute()
    {
        if (SharedCrds.Directory is null) Skip = SharedCrds.MissingMessage;
    }
}

/// <summary>A theory skipped, with <see cref="SharedCrds.MissingMessage"/>, when the real CRDs are not available.</summary>
public sealed class CrdsTheoryAttribute : TheoryAttribute
{
    public CrdsTheoryAttribute()
    {
        if (SharedCrds.Directory is null) Skip = SharedCrds.MissingMessage;
    }
}
