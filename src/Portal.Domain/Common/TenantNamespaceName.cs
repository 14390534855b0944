namespace Portal.Domain.Common;

/// <summary>The one rule for a namespace a tenant may own or have the portal write into (a claim, a restore
/// target, a database's namespace, a migration's target): a valid DNS-1123 label that does not belong to the
/// cluster itself. Kubernetes keeps <c>kube-*</c> and <c>default</c>; OpenShift keeps <c>openshift</c> and
/// <c>openshift-*</c> (it refuses ordinary users those names too); the portal's service account lives in
/// <c>portal-system</c> on every managed cluster; Velero's namespace is per cluster and is passed in.</summary>
public static class TenantNamespaceName
{
    public static readonly IReadOnlyList<string> ReservedPrefixes = ["kube-", "openshift-"];

    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "default", "kube-system", "kube-public", "kube-node-lease", "openshift", PortalSystemNamespace,
    };

    /// <summary>Where deploy/target-cluster-rbac puts the portal's service account on a managed cluster.</summary>
    public const string PortalSystemNamespace = "portal-system";

    /// <summary>Null when <paramref name="value"/> may be a tenant's namespace, else why not, in words.
    /// <paramref name="clusterOwned"/> adds the cluster's own namespaces known only at run time (Velero's).</summary>
    public static string? Explain(string? value, string what = "namespace name", params IEnumerable<string?> clusterOwned)
    {
        if (KubernetesName.ExplainInvalidLabel(value, what) is { } invalid) return invalid;
        if (ReservedNames.Contains(value!) || clusterOwned.Any(n => !string.IsNullOrEmpty(n) && n == value))
            return $"Namespace {value} belongs to the cluster itself (Kubernetes, OpenShift, Velero or the portal); it cannot be a tenant's namespace.";
        if (ReservedPrefixes.FirstOrDefault(p => value!.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
            return $"Names starting with '{prefix}' are kept for the cluster's own namespaces; choose a name that does not start with '{prefix}'.";
        return null;
    }
}
