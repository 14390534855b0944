using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Domain.Clusters;
using Portal.Domain.Recovery;

namespace Portal.Execution.Recovery;

/// <summary>Removes what a drill made on the cluster it restored on: its scratch namespace (with everything restored into it and its
/// check Jobs) and its Velero Restore. The restore modifiers' ConfigMap is shared by every restore with the same rules (made once,
/// named by their fingerprint) and stays. The live namespace is never touched: only a namespace labelled as this drill's is deleted.</summary>
internal sealed class DrillCleanup(IDrillClusterGateway drills, ClusterConnections connections)
{
    /// <summary>Null when everything is gone (or on its way: a namespace terminates in the background), else what failed, in words.</summary>
    public async Task<string?> RunAsync(RestoreDrill drill, Cluster target, CancellationToken ct)
    {
        var problems = new List<string>();
        try
        {
            var conn = connections.For(target);
            try
            {
                await drills.DeleteScratchNamespaceAsync(conn, drill.ScratchNamespaceName, drill.Id, ct);
            }
            catch (ClusterAccessException ex)
            {
                problems.Add($"namespace {drill.ScratchNamespaceName}: {ex.Message}");
            }
            if (drill.RestoreName is { } restore)
            {
                try
                {
                    await drills.DeleteRestoreAsync(conn, ClusterConnections.VeleroNamespaceOf(target), restore, ct);
                }
                catch (ClusterAccessException ex)
                {
                    problems.Add($"Velero Restore {restore}: {ex.Message}");
                }
            }
        }
        catch (ClusterAccessException ex)
        {
            problems.Add(ex.Message);
        }
        return problems.Count == 0 ? null : $"Could not remove what the drill made on {target.Name}: {string.Join("; ", problems)}";
    }
}
