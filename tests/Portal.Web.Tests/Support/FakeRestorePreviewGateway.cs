using Portal.Application.Abstractions.Clusters;

namespace Portal.Web.Tests.Support;

/// <summary>Every backup holds the namespace "shop" with a Deployment web and a ConfigMap settings; the live target holds
/// what <see cref="Live"/> says (by default nothing).</summary>
public sealed class FakeRestorePreviewGateway : IRestorePreviewGateway
{
    public Dictionary<BackupKind, HashSet<string>> Live { get; } = [];

    public Task<BackupResourceList?> ReadBackupResourceListAsync(ClusterConnection cluster, string veleroNamespace, string backupName, CancellationToken ct) =>
        Task.FromResult<BackupResourceList?>(new BackupResourceList(backupName, "uid", "Completed", [], new Dictionary<BackupKind, IReadOnlyList<string>>
        {
            [new BackupKind("v1", "Namespace")] = ["shop"],
            [new BackupKind("apps/v1", "Deployment")] = ["shop/web"],
            [new BackupKind("v1", "ConfigMap")] = ["shop/settings"],
        }));

    public Task<LiveNamespaceContents> ReadNamespaceContentsAsync(ClusterConnection cluster, string @namespace, IReadOnlyCollection<BackupKind> kinds,
        CancellationToken ct) =>
        Task.FromResult(new LiveNamespaceContents(true,
            kinds.ToDictionary(k => k, k => (IReadOnlySet<string>)(Live.TryGetValue(k, out var n) ? n : new HashSet<string>())),
            new Dictionary<BackupKind, string>()));
}
