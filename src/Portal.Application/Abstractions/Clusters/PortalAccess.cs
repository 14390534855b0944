namespace Portal.Application.Abstractions.Clusters;

/// <summary>
/// The names the portal's access on a managed cluster is built from; they match deploy/target-cluster-rbac (the
/// ClusterRole bound per namespace, the service account, and the admission policy that lets the portal create only
/// this binding and delete only namespaces it made).
/// </summary>
public static class PortalAccess
{
    /// <summary>The RoleBinding the portal makes in each namespace it works in (claimed or moved).</summary>
    public const string BindingName = "kubernetes-portal";

    /// <summary>The fixed ClusterRole those RoleBindings grant; the portal may <c>bind</c> this one only.</summary>
    public const string NamespaceRole = "kubernetes-portal-namespace";

    public const string ServiceAccountName = "kubernetes-portal";
    public const string ServiceAccountNamespace = "portal-system";
}

/// <summary>What <see cref="IClusterGateway.EnsureNamespaceAccessAsync"/> found.</summary>
public enum NamespaceAccessResult
{
    /// <summary>The binding was not there; the portal made it.</summary>
    Created,
    /// <summary>The portal's own binding was there already (and is as it should be now).</summary>
    AlreadyPresent,
}
