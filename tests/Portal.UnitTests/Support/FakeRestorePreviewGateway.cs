using Portal.Application.Abstractions.Clusters;

namespace Portal.UnitTests.Support;

/// <summary>Every backup holds a web Deployment and a settings ConfigMap of each namespace it is asked about (named after the
/// namespace, so a leak of another tenant's items shows in the answer); the live target holds what <see cref="Live"/> says.</summary>
public sealed class FakeRestorePreviewGateway : IRestorePreviewGateway
{
    public HashSet<string> BackedUpNamespaces { get; } = ["alpha-ns", "bravo-ns"];
    public Dictionary<(string Namespace, BackupKind Kind), HashSet<string>> Live { get; } = [];
    public int ListReads;
    public List<string> LiveReads { get; } = [];
    public ClusterAccessException? Failure { get; set; }

    public Task<BackupResourceList?> ReadBackupResourceListAsync(ClusterConnection cluster, string veleroNamespace, string backupName, CancellationToken ct)
    {
        if (Failure is not null) throw Failure;
        ListReads++;
        var items = new Dictionary<BackupKind, IReadOnlyList<string>>
        {
            [new BackupKind("v1", "Namespace")] = BackedUpNamespaces.ToList(),
            [new BackupKind("apps/v1", "Deployment")] = BackedUpNamespaces.Select(n => $"{n}/{n}-web").ToList(),
            [new BackupKind("v1", "ConfigMap")] = BackedUpNamespaces.Select(n => $"{n}/{n}-settings").ToList(),
        };
        return Task.FromResult<BackupResourceList?>(new BackupResourceList(backupName, "uid", "Completed", [], items));
    }

    public Task<LiveNamespaceContents> ReadNamespaceContentsAsync(ClusterConnection cluster, string @namespace, IReadOnlyCollection<BackupKind> kinds,
        CancellationToken ct)
    {
        LiveReads.Add(@namespace);
        return Task.FromResult(new LiveNamespaceContents(true,
            kinds.ToDictionary(k => k, k => (IReadOnlySet<string>)(Live.TryGetValue((@namespace, k), out var names) ? names : new HashSet<string>())),
            new Dictionary<BackupKind, string>()));
    }
}
