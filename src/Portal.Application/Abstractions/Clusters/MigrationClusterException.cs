using Portal.Application.Features.Clusters;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>A cluster fault while a move is planned or carried out, with the name of the cluster (source or target) it
/// happened on. <see cref="Exception.Message"/> is the fault's own text, which the executor puts in its words ("On
/// prod-east: ..."); <see cref="Explanation"/> says it for a page: which cluster, and what to do.</summary>
public sealed class MigrationClusterException(string clusterName, ClusterAccessException fault) : Exception(fault.Message, fault)
{
    public string ClusterName { get; } = clusterName;
    public ClusterAccessException Fault { get; } = fault;
    public bool IsTransient => Fault.IsTransient;
    public string Explanation => ClusterConnections.Explain(Fault, ClusterName);
}
