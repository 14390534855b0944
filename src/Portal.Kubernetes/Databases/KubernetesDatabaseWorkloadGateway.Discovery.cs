using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Databases;

public sealed partial class KubernetesDatabaseWorkloadGateway
{
    /// <summary>CloudNativePG Clusters first (when the operator's API is served), then StatefulSets and Deployments
    /// running a database image, each matched with the Service that selects its pods. Four or five LISTs in all,
    /// whatever the number of workloads.</summary>
    public async Task<IReadOnlyList<DatabaseCandidate>> DiscoverDatabasesAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        var candidates = new List<DatabaseCandidate>();
        foreach (var cnpg in await ListCloudNativePgClustersAsync(cluster, @namespace, ct).ConfigureAwait(false))
        {
            candidates.Add(DatabaseCandidateReader.FromCloudNativePgCluster(cnpg));
        }

        var services = await ListAsync(cluster, DatabaseResources.Service, @namespace, null, ct).ConfigureAwait(false);
        foreach (var resource in new[] { DatabaseResources.StatefulSet, DatabaseResources.Deployment })
        {
            foreach (var workload in await ListAsync(cluster, resource, @namespace, null, ct).ConfigureAwait(false))
            {
                if (DatabaseCandidateReader.FromWorkload(workload, resource.Kind, services) is { } candidate)
                {
                    candidates.Add(candidate);
                }
            }
        }

        logger.LogDebug("Found {Count} database candidates in {Namespace} on {Cluster}", candidates.Count, @namespace, cluster.ClusterName);
        return candidates.OrderBy(c => c.Source).ThenBy(c => c.SourceObject, StringComparer.Ordinal).ToList();
    }

    /// <summary>The namespace's CloudNativePG Clusters; none when the operator is not installed. Listing a served
    /// resource answers 200 in any namespace, so a 404 means the API itself is not there.</summary>
    private async Task<List<JsonElement>> ListCloudNativePgClustersAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        try
        {
            return await ListAsync(cluster, DatabaseResources.CnpgCluster, @namespace, null, ct).ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            logger.LogDebug("CloudNativePG is not served on {Cluster}; skipping its Clusters", cluster.ClusterName);
            return [];
        }
    }
}
