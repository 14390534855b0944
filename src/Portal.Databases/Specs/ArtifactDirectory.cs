using System.Text.RegularExpressions;

namespace Portal.Databases.Specs;

/// <summary>Where artifacts go inside the Job (not to be confused with the domain's DumpDestination, the PVC or bucket a
/// schedule writes to): the directory the volume is mounted at (e.g. <c>/backup</c>) and a relative
/// prefix below it (e.g. <c>orders/prod</c>; empty for the mount itself).</summary>
public sealed partial record ArtifactDirectory(string MountPath, string Prefix = "")
{
    /// <summary>Directory that holds the artifacts, as the container sees it.</summary>
    public string Directory => Prefix.Length == 0 ? MountPath.TrimEnd('/') : MountPath.TrimEnd('/') + "/" + Prefix.Trim('/');

    /// <summary>The artifact's path relative to the mount, as recorded and reported.</summary>
    public string Relative(string fileName) => Prefix.Length == 0 ? fileName : Prefix.Trim('/') + "/" + fileName;

    internal IEnumerable<string> Validate()
    {
        if (!MountPathPattern().IsMatch(MountPath ?? "") || (MountPath ?? "").Split('/').Any(s => s is "." or ".."))
            yield return $"The mount path \"{MountPath}\" must be an absolute path such as /backup (letters, digits, '.', '_', '-' and '/').";
        if (!PrefixPattern().IsMatch(Prefix ?? "") || (Prefix ?? "").Split('/').Any(s => s is "." or ".."))
            yield return $"The prefix \"{Prefix}\" must be a relative path of letters, digits, '.', '_', '-' and '/', without '..'.";
    }

    [GeneratedRegex("^/[A-Za-z0-9._/-]*$")]
    private static partial Regex MountPathPattern();

    [GeneratedRegex("^([A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?)?$")]
    private static partial Regex PrefixPattern();
}
