namespace Portal.Application.Abstractions.Clusters;

/// <summary>
/// What a restore preview reads from a cluster: a backup's resource list (through a Velero <c>DownloadRequest</c>) and
/// the names that exist now in the target namespace, kind by kind. Failures come as <see cref="ClusterAccessException"/>
/// (Velero missing: <see cref="ClusterFault.ToolMissing"/>; the backup's location down: <see cref="ClusterFault.ServerError"/>
/// with the location named) or <see cref="ClusterWaitTimeoutException"/> when Velero does not prepare the list in time.
/// </summary>
public interface IRestorePreviewGateway
{
    /// <summary>The backup's resource list as Velero wrote it. A finished backup's list never changes, so it is kept in
    /// memory per cluster and backup (bounded); null when the backup does not exist.</summary>
    Task<BackupResourceList?> ReadBackupResourceListAsync(ClusterConnection cluster, string veleroNamespace, string backupName,
        CancellationToken ct);

    /// <summary>The names that exist now in <paramref name="namespace"/> for each of <paramref name="kinds"/>, read with the
    /// portal's rights in that namespace; a kind that cannot be read is in <see cref="LiveNamespaceContents.Unknown"/> with why.</summary>
    Task<LiveNamespaceContents> ReadNamespaceContentsAsync(ClusterConnection cluster, string @namespace,
        IReadOnlyCollection<BackupKind> kinds, CancellationToken ct);
}

/// <summary>One kind as Velero's resource list keys it: <c>v1/Pod</c>, <c>apps/v1/Deployment</c>.</summary>
public sealed record BackupKind(string ApiVersion, string Kind)
{
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public string Key => $"{ApiVersion}/{Kind}";

    /// <summary>Parses a resource-list key; null when it is not "[group/]version/Kind".</summary>
    public static BackupKind? Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || slash == key.Length - 1) return null;
        var apiVersion = key[..slash];
        return apiVersion.Count(c => c == '/') > 1 ? null : new BackupKind(apiVersion, key[(slash + 1)..]);
    }

    public override string ToString() => Key;
}

/// <summary>A backup's resource list: per kind, the items as "namespace/name" (cluster-scoped: "name").</summary>
/// <param name="ExcludedResources">What the backup left out (its spec's excluded resources), as Velero names them.</param>
public sealed record BackupResourceList(string BackupName, string? BackupUid, string? Phase, IReadOnlyList<string> ExcludedResources,
    IReadOnlyDictionary<BackupKind, IReadOnlyList<string>> Items)
{
    public int Count => Items.Values.Sum(v => v.Count);
}

/// <summary>What exists now in one namespace: per kind read, the names; per kind that could not be read, why.</summary>
public sealed record LiveNamespaceContents(bool NamespaceExists, IReadOnlyDictionary<BackupKind, IReadOnlySet<string>> Names,
    IReadOnlyDictionary<BackupKind, string> Unknown)
{
    public static LiveNamespaceContents Missing { get; } = new(false, new Dictionary<BackupKind, IReadOnlySet<string>>(),
        new Dictionary<BackupKind, string>());
}
