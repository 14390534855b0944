using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Clusters;

/// <summary>Turns a stored cluster into a connection, decrypting its kubeconfig only in memory.</summary>
public sealed class ClusterConnections(ICredentialProtector protector)
{
    public const string DefaultVeleroNamespace = "velero";

    public ClusterConnection For(Cluster cluster) =>
        new(cluster.Id, cluster.Name, protector.Unprotect(cluster.EncryptedKubeconfig));

    public static string VeleroNamespaceOf(Cluster cluster) =>
        cluster.Capabilities.VeleroNamespace ?? DefaultVeleroNamespace;

    /// <summary>Plain words for a cluster fault, with what to do next.</summary>
    public static string Explain(ClusterAccessException ex, string clusterName) => ex.Fault switch
    {
        ClusterFault.Unreachable => $"Cluster {clusterName} cannot be reached: {ex.Message} Check that the API server is up and reachable from the portal.",
        ClusterFault.Timeout => $"Cluster {clusterName} did not answer in time. It may be overloaded or down; the portal will retry.",
        ClusterFault.Unauthorized => $"Cluster {clusterName} rejected the portal's credential: {ex.Message} A platform engineer has to update the cluster's kubeconfig.",
        ClusterFault.Forbidden => $"The portal's identity is not allowed to do this on cluster {clusterName}: {ex.Message} Apply the portal's RBAC from deploy/target-cluster-rbac.",
        ClusterFault.ToolMissing => ex.Message,
        _ => ex.Message,
    };
}
