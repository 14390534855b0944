namespace Portal.Moves.Objects;

/// <summary>The API groups Kubernetes serves itself; every other group comes from a CustomResourceDefinition
/// (or an aggregated API server).</summary>
internal static class ApiGroups
{
    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal)
    {
        "", "apps", "batch", "autoscaling", "policy", "extensions", "networking.k8s.io", "rbac.authorization.k8s.io",
        "storage.k8s.io", "discovery.k8s.io", "events.k8s.io", "coordination.k8s.io", "scheduling.k8s.io", "node.k8s.io",
        "certificates.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io",
        "flowcontrol.apiserver.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "resource.k8s.io",
        "internal.apiserver.k8s.io", "storagemigration.k8s.io",
    };

    public static bool IsBuiltIn(string group) => BuiltIn.Contains(group);

    /// <summary>"apps/v1" → ("apps", "v1"); "v1" → ("", "v1").</summary>
    public static (string Group, string Version) Split(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    public static string GroupOf(string apiVersion) => Split(apiVersion).Group;
}
