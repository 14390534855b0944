using Portal.Application.Features.Namespaces;
using Portal.Domain.Clusters;

namespace Portal.Web.Components.Pages.Namespaces;

/// <summary>Whether backups and restores can run on a namespace's cluster now, and if not, why, in words.</summary>
public static class NamespaceAvailability
{
    /// <summary>Null when the cluster can take work.</summary>
    public static string? WhyBlocked(TenantNamespaceView ns) => ns.ClusterHealth switch
    {
        ClusterHealth.Unreachable => $"Cluster {ns.ClusterName} cannot be reached right now, so nothing can run there. Try again later; a platform engineer sees the same on the Clusters page.",
        ClusterHealth.Unauthorized => $"Cluster {ns.ClusterName} refuses the portal's credential. A platform engineer has to replace the cluster's kubeconfig before backups or restores can run.",
        _ when !ns.VeleroInstalled => ns.ClusterHealth == ClusterHealth.Unknown
            ? $"Cluster {ns.ClusterName} has not been checked yet, so the portal does not know whether Velero is installed. Ask a platform engineer to test its connection."
            : $"Velero is not installed on cluster {ns.ClusterName}, so backups and restores cannot run there. Ask a platform engineer to install it.",
        _ => null,
    };

    /// <summary>Null when a restore of the namespace can be asked for now. A cluster that cannot be reached does not block it:
    /// the restore form lists the backups the portal last saw there, to be restored on another cluster whose Velero sees
    /// their location (the worst day, when the cluster is gone).</summary>
    public static string? WhyRestoreBlocked(TenantNamespaceView ns) =>
        ns.ClusterHealth == ClusterHealth.Unreachable ? null : WhyBlocked(ns);

    /// <summary>What the Restore button says when the namespace's cluster cannot be reached, else null.</summary>
    public static string? RestoreHint(TenantNamespaceView ns) =>
        ns.ClusterHealth == ClusterHealth.Unreachable
            ? $"Cluster {ns.ClusterName} cannot be reached right now: a backup the portal last saw there can be restored on another cluster whose Velero sees its location."
            : null;
}
