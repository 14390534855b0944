namespace Portal.Kubernetes.Tests.Support;

/// <summary>Finds the real upstream CRDs (<c>shared/crds</c>): env <c>PORTAL_CRDS_DIR</c>, else walking up from the
/// test binaries until a directory holds <c>shared/crds</c> (the repository checkout sits beside <c>shared/</c>).</summary>
public static class CrdLocator
{
    private static readonly Lazy<string?> Found = new(Locate);

    public static string? Directory => Found.Value;

    public const string MissingMessage =
        "The real CRDs were not found: set PORTAL_CRDS_DIR or place the repository beside shared/crds.";

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PORTAL_CRDS_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnv) && System.IO.Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "crds");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string VeleroCrd(string file) => Path.Combine(Directory!, "velero", file);
}

/// <summary>A fact that is skipped, with a clear reason, when the real CRDs are not available.</summary>
public sealed class CrdFactAttribute : FactAttribute
{
    public CrdFactAttribute()
    {
        if (CrdLocator.Directory is null)
        {
            Skip = CrdLocator.MissingMessage;
        }
    }
}

/// <summary>A theory that is skipped, with a clear reason, when the real CRDs are not available.</summary>
public sealed class CrdTheoryAttribute : TheoryAttribute
{
    public CrdTheoryAttribute()
    {
        if (CrdLocator.Directory is null)
        {
            Skip = CrdLocator.MissingMessage;
        }
    }
}
