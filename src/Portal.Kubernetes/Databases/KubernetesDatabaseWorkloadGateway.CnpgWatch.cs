using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Databases.Messages;

namespace Portal.Kubernetes.Databases;

public sealed partial class KubernetesDatabaseWorkloadGateway
{
    /// <summary>
    /// Follows one CloudNativePG Backup with the shared resilient watch (<see cref="KubeWatch"/>, the loop that follows
    /// Jobs and Velero objects), always through <c>backups.postgresql.cnpg.io</c>; yields only changes of its status.
    /// </summary>
    public IAsyncEnumerable<CnpgBackupObservation> WatchCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name,
        CancellationToken ct) =>
        FollowAsync(cluster, DatabaseResources.CnpgBackup, @namespace, name, "BackupNamespace", "CnpgBackup",
            (obj, _) => Task.FromResult(ObserveBackup(obj)), s => s.IsFinished, (a, b) => a == b,
            followed => CnpgBackupGone(cluster, @namespace, name, followed), ct);

    private static CnpgBackupObservation ObserveBackup(JsonElement backup)
    {
        var node = JsonNode.Parse(backup.GetRawText()) as JsonObject ?? [];
        var created = VeleroStatusParser.String(VeleroStatusParser.Child(backup, "metadata"), "creationTimestamp") is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t
                : (DateTimeOffset?)null;
        return new CnpgBackupObservation(CnpgBackupStatus.Parse(node), created);
    }

    private static ClusterAccessException CnpgBackupGone(ClusterConnection cluster, string ns, string name, bool followed) =>
        new(ClusterFault.NotFound, followed
            ? $"The CloudNativePG Backup {name} was deleted while the portal was following it (namespace '{ns}', {cluster})."
            : $"The CloudNativePG Backup {name} does not exist in namespace '{ns}' on {cluster}.");
}
