namespace Portal.IntegrationTests.Support;

/// <summary>The real upstream CRDs (shared/crds beside the checkout), when present.</summary>
public static class CrdFolder
{
    public static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("PORTAL_CRDS_DIR");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "crds");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
