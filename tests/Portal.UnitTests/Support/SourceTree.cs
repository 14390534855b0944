using System.Text.RegularExpressions;

namespace Portal.UnitTests.Support;

/// <summary>The portal's own source files (below src/, without build output and EF's generated migrations), for the
/// tests that hold a rule over the whole code base (one bypass of the tenant filter, API groups in one file).</summary>
public static partial class SourceTree
{
    /// <summary>Each file as (path below src/ with forward slashes, text).</summary>
    public static IEnumerable<(string Path, string Text)> Files()
    {
        var src = Path.Combine(RepoRoot(), "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(src, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
                && !f.StartsWith("Portal.Infrastructure/Persistence/Migrations/", StringComparison.Ordinal))
            .Select(f => (f, File.ReadAllText(Path.Combine(src, f))));
    }

    /// <summary>The text without comments (line comments, which include doc comments).</summary>
    public static string Code(string text) => LineComment().Replace(text, "");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder containing Portal.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();
}
