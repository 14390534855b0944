using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Clusters;

/// <summary>Turns a stored cluster into a connection, decrypting its kubeconfig only in memory.</summary>
public sealed class ClusterConnections(ICredentialProtector protector)
{
    public const string DefaultVeleroNamespace = "velero";

    /// <summary>A retired cluster has no credential: every call to it fails here, in words, before anything is sent.</summary>
    public ClusterConnection For(Cluster cluster) => cluster.IsRetired
        ? throw new ClusterAccessException(ClusterFault.Invalid,
            $"Cluster {cluster.Name} was retired{(cluster.RetiredBy is null ? "" : " by " + cluster.RetiredBy)} on {cluster.RetiredAt:yyyy-MM-dd}; the portal no longer connects to it.")
        : new(cluster.Id, cluster.Name, protector.Unprotect(cluster.EncryptedKubeconfig));

    public static string VeleroNamespaceOf(Cluster cluster) =>
        cluster.Capabilities.VeleroNamespace ?? DefaultVeleroNamespace;

    /// <summary>Plain words for a cluster fault, with what to do next. The adapter's message already names the
    /// cluster and the operation; this adds the next step where the adapter cannot know it.</summary>
    public static string Explain(ClusterAccessException ex, string clusterName) => ex.Fault switch
    {
        ClusterFault.Unreachable => $"{ex.Message} Check that the API server of {clusterName} is up and reachable from the portal.",
        ClusterFault.Timeout => $"{ex.Message} It may be overloaded or down.",
        ClusterFault.Forbidden => $"{ex.Message} The portal's least-privilege RBAC is in deploy/target-cluster-rbac.",
        _ => ex.Message,
    };
}
