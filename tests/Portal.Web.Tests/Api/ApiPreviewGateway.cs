using Portal.Application.Abstractions.Clusters;

namespace Portal.Web.Tests.Api;

/// <summary>What the API's restore preview reads of the cluster: every backup holds the namespace it names with
/// <see cref="ConfigMaps"/> ConfigMaps and a Deployment web; the live target holds nothing (a new namespace).</summary>
public sealed class ApiPreviewGateway(IReadOnlyDictionary<string, string> namespaceOfBackup) : IRestorePreviewGateway
{
    public const int ConfigMaps = 30;

    public Task<BackupResourceList?> ReadBackupResourceListAsync(ClusterConnection cluster, string veleroNamespace, string backupName, CancellationToken ct)
    {
        if (!namespaceOfBackup.TryGetValue(backupName, out var ns)) return Task.FromResult<BackupResourceList?>(null);
        return Task.FromResult<BackupResourceList?>(new BackupResourceList(backupName, "uid", "Completed", [], new Dictionary<BackupKind, IReadOnlyList<string>>
        {
            [new BackupKind("v1", "Namespace")] = [ns],
            [new BackupKind("apps/v1", "Deployment")] = [$"{ns}/web"],
            [new BackupKind("v1", "ConfigMap")] = Enumerable.Range(1, ConfigMaps).Select(i => $"{ns}/settings-{i:00}").ToList(),
        }));
    }

    public Task<LiveNamespaceContents> ReadNamespaceContentsAsync(ClusterConnection cluster, string @namespace, IReadOnlyCollection<BackupKind> kinds,
        CancellationToken ct) =>
        Task.FromResult(new LiveNamespaceContents(true, kinds.ToDictionary(k => k, _ => (IReadOnlySet<string>)new HashSet<string>()),
            new Dictionary<BackupKind, string>()));
}
