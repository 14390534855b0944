namespace Portal.Kubernetes.Moves;

/// <summary>One resource type a cluster serves, as discovery (<c>/api/v1</c>, <c>/apis/&lt;group&gt;/&lt;version&gt;</c>)
/// describes it: where it lives (group, version, plural), whether it is namespaced, and what may be done to it.</summary>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced,
    IReadOnlyList<string> Verbs, bool PreferredVersion)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>How errors and the export name it: <c>deployments.apps</c>, <c>backups.velero.io</c>, <c>configmaps</c>.</summary>
    public string Describe() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool Can(string verb) => Verbs.Contains(verb, StringComparer.Ordinal);
}

/// <summary>What discovery found on one cluster at one moment: every group/version that answered, with its resources
/// (subresources such as <c>deployments/scale</c> left out).</summary>
public sealed record ServedResources(IReadOnlyList<ApiResource> Resources, IReadOnlyList<string> GroupVersions,
    DateTimeOffset ReadAt)
{
    /// <summary>The resource serving <paramref name="kind"/> at <paramref name="apiVersion"/> ("v1", "apps/v1"), if any.</summary>
    public ApiResource? Find(string apiVersion, string kind) =>
        Resources.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);

    /// <summary>The resource of <paramref name="kind"/> in <paramref name="group"/>, at the group's preferred version.</summary>
    public ApiResource? FindPreferred(string group, string kind) =>
        Resources.Where(r => r.Group == group && r.Kind == kind).OrderByDescending(r => r.PreferredVersion).FirstOrDefault();
}
