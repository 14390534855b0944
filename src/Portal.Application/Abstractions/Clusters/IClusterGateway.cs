using Portal.Domain.Clusters;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>The narrow port through which the application reaches any Kubernetes cluster. Implemented
/// over KubernetesClient; every failure surfaces as <see cref="ClusterAccessException"/>.</summary>
public interface IClusterGateway
{
    /// <summary>Checks that the kubeconfig is well formed and names a server and a credential.
    /// Throws <see cref="ClusterAccessException"/> with <see cref="ClusterFault.Invalid"/> and the reason.</summary>
    ParsedKubeconfig ParseKubeconfig(string kubeconfig);

    /// <summary>The addresses a server host name resolves to (DNS), so the portal can refuse link-local and metadata
    /// addresses before it ever connects. Throws <see cref="ClusterAccessException"/> (Unreachable) when it does not resolve.</summary>
    Task<IReadOnlyList<System.Net.IPAddress>> ResolveServerAsync(string host, CancellationToken ct);

    /// <summary>Connects and authenticates (GET /version, then an authenticated discovery call).</summary>
    Task<ClusterProbe> ProbeAsync(ClusterConnection cluster, CancellationToken ct);

    /// <summary>Discovery: Velero and its storage locations, CSI snapshot classes, Argo CD, Flux, CloudNativePG.</summary>
    Task<ClusterCapabilities> DiscoverAsync(ClusterConnection cluster, CancellationToken ct);

    Task<IReadOnlyList<NamespaceInfo>> ListNamespacesAsync(ClusterConnection cluster, CancellationToken ct);

    /// <summary>Null when the namespace does not exist.</summary>
    Task<NamespaceInfo?> GetNamespaceAsync(ClusterConnection cluster, string name, CancellationToken ct);

    /// <summary>
    /// Gives the portal its rights in one namespace, the only way it gets them (deploy/target-cluster-rbac grants no
    /// workload, Secret or RBAC rights cluster-wide): a RoleBinding named <see cref="PortalAccess.BindingName"/> to the
    /// ClusterRole <see cref="PortalAccess.NamespaceRole"/> for the portal's service account, labelled as the portal's.
    /// Idempotent: the portal's own binding is kept (its subjects put right); one of that name the portal did not make
    /// is refused with <see cref="ClusterFault.Conflict"/> and left as it is. Call it when a namespace is given to a
    /// tenant and before the portal reads or writes anything in a namespace a migration moves from or to.
    /// A missing namespace is <see cref="ClusterFault.NotFound"/>.
    /// </summary>
    Task<NamespaceAccessResult> EnsureNamespaceAccessAsync(ClusterConnection cluster, string @namespace, CancellationToken ct);

    /// <summary>Every Velero Backup in the Velero namespace.</summary>
    Task<IReadOnlyList<VeleroBackupInfo>> ListBackupsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct);

    /// <summary>Null when the backup does not exist.</summary>
    Task<VeleroBackupInfo?> GetBackupAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct);

    /// <summary>Creates the Backup unless one of that name already exists. An existing object must carry the
    /// same request-id label, else <see cref="ClusterFault.Conflict"/>. Returns its current status.</summary>
    Task<VeleroObjectStatus> EnsureBackupAsync(ClusterConnection cluster, string veleroNamespace, VeleroBackupSpec spec, CancellationToken ct);

    /// <summary>As <see cref="EnsureBackupAsync"/>, for a Restore.</summary>
    Task<VeleroObjectStatus> EnsureRestoreAsync(ClusterConnection cluster, string veleroNamespace, VeleroRestoreSpec spec, CancellationToken ct);

    /// <summary>Follows one Backup or Restore with a watch (re-listing on 410 Gone, reconnecting with backoff)
    /// and yields its status each time it changes, ending after a terminal phase.</summary>
    IAsyncEnumerable<VeleroObjectStatus> WatchVeleroObjectAsync(ClusterConnection cluster, string veleroNamespace,
        VeleroObjectKind kind, string name, CancellationToken ct);
}
