using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Databases;

public sealed partial class KubernetesDatabaseWorkloadGateway
{
    /// <summary>Always through <c>backups.postgresql.cnpg.io</c>: the bare plural is Velero's too.</summary>
    public async Task<JsonObject?> GetCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct)
    {
        var backup = await GetAsync(cluster, DatabaseResources.CnpgBackup, @namespace, name, ct).ConfigureAwait(false);
        return backup is { } b ? ToNode(b) : null;
    }

    /// <summary>A 404 on the collection means the CloudNativePG API is not served (the operator was uninstalled):
    /// then there are no Backups to find, which is what the caller is told.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListCnpgBackupsAsync(ClusterConnection cluster, string @namespace, string labelSelector,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelSelector);
        try
        {
            var items = await ListAsync(cluster, DatabaseResources.CnpgBackup, @namespace, labelSelector, ct).ConfigureAwait(false);
            return items.Select(ToNode).ToList();
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return [];
        }
    }
}
