namespace Portal.Databases.Specs;

/// <summary>Checks shared by restore and verification specs: the artifact stays inside the mount.</summary>
internal static class RestoreChecks
{
    public static IEnumerable<string> Artifact(string mountPath, string artifact, string sha)
    {
        foreach (var e in new ArtifactDirectory(mountPath ?? "").Validate())
            yield return e;
        if (string.IsNullOrEmpty(artifact) || artifact.StartsWith('/') || !ShellQuote.IsQuotable(artifact) || artifact.Split('/').Any(s => s is ".." or "."))
            yield return $"The artifact path \"{artifact}\" must be relative to the mount, without '..'.";
        foreach (var e in Names.Sha256(sha))
            yield return e;
    }
}
