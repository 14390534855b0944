namespace Portal.ClusterSimulator.Tests.Support;

/// <summary>
/// Finds the real CRDs (shared/crds): PORTAL_CRDS_DIR if set, else the first "shared/crds" folder found beside
/// any directory walking up from the test binaries (from the repo root it is ../shared/crds).
/// </summary>
internal static class SharedCrds
{
    public static string? Directory { get; } = Locate();

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PORTAL_CRDS_DIR");
        if (!string.IsNullOrEmpty(fromEnv)) return System.IO.Directory.Exists(fromEnv) ? fromEnv : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "crds"), Path.Combine(dir.FullName, "..", "shared", "crds") })
            {
                if (System.IO.Directory.Exists(Path.Combine(candidate, "velero"))) return Path.GetFullPath(candidate);
            }
        }
        return null;
    }
}

/// <summary>A fact that is skipped, with a reason, when the shared CRD folder cannot be found (xunit 2 has no Assert.Skip).</summary>
public sealed class CrdsFactAttribute : FactAttribute
{
    public CrdsFactAttribute()
    {
        if (SharedCrds.Directory is null) Skip = "shared/crds not found: set PORTAL_CRDS_DIR or run from a checkout beside shared/crds";
    }
}

/// <summary>A theory that is skipped, with a reason, when the shared CRD folder cannot be found.</summary>
public sealed class CrdsTheoryAttribute : TheoryAttribute
{
    public CrdsTheoryAttribute()
    {
        if (SharedCrds.Directory is null) Skip = "shared/crds not found: set PORTAL_CRDS_DIR or run from a checkout beside shared/crds";
    }
}

/// <summary>A fact that is skipped when /usr/bin/kubectl is not installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public const string KubectlPath = "/usr/bin/kubectl";

    public KubectlFactAttribute()
    {
        if (!File.Exists(KubectlPath)) Skip = $"{KubectlPath} not installed";
    }
}
