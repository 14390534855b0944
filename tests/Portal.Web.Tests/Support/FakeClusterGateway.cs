using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Clusters;

namespace Portal.Web.Tests.Support;

/// <summary>Canned cluster answers: a few Velero backups of namespace "shop" in different phases,
/// and the namespaces that already exist.</summary>
public sealed class FakeClusterGateway : IClusterGateway
{
    public List<VeleroBackupInfo> Backups { get; } =
    [
        Backup("daily-20261120", "Completed", schedule: "daily"),
        Backup("portal-backup-1", "PartiallyFailed", requestId: Guid.NewGuid().ToString()),
        Backup("nightly-running", "InProgress", schedule: "nightly"),
        Backup("broken-one", "Failed"),
    ];

    public HashSet<string> ExistingNamespaces { get; } = ["shop", "kube-system", "legacy-app"];

    public Task<IReadOnlyList<System.Net.IPAddress>> ResolveServerAsync(string host, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<System.Net.IPAddress>>([System.Net.IPAddress.Parse("10.0.0.1")]);

    public static VeleroBackupInfo Backup(string name, string phase, string? schedule = null, string? requestId = null) =>
        new(name, phase, ["shop"], "default", DateTimeOffset.UtcNow.AddHours(-5), DateTimeOffset.UtcNow.AddHours(-4),
            DateTimeOffset.UtcNow.AddDays(25), schedule, requestId);

    /// <summary>When set, listing backups fails with it (the cluster down, say).</summary>
    public ClusterAccessException? ListFailure { get; set; }

    public Task<IReadOnlyList<VeleroBackupInfo>> ListBackupsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct) =>
        ListFailure is { } failure ? Task.FromException<IReadOnlyList<VeleroBackupInfo>>(failure)
        : Task.FromResult<IReadOnlyList<VeleroBackupInfo>>(Backups.ToList());

    public Task<VeleroBackupInfo?> GetBackupAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct) =>
        Task.FromResult(Backups.FirstOrDefault(b => b.Name == name));

    public Task<NamespaceInfo?> GetNamespaceAsync(ClusterConnection cluster, string name, CancellationToken ct) =>
        Task.FromResult(ExistingNamespaces.Contains(name) ? new NamespaceInfo(name, "Active", new Dictionary<string, string>()) : null);

    public Task<NamespaceAccessResult> EnsureNamespaceAccessAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) =>
        Task.FromResult(NamespaceAccessResult.Created);

    public Task<IReadOnlyList<NamespaceInfo>> ListNamespacesAsync(ClusterConnection cluster, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<NamespaceInfo>>(ExistingNamespaces.Select(n => new NamespaceInfo(n, "Active", new Dictionary<string, string>())).ToList());

    public ParsedKubeconfig ParseKubeconfig(string kubeconfig) => new("https://fake:6443", true, false, false, "fake");

    public Task<ClusterProbe> ProbeAsync(ClusterConnection cluster, CancellationToken ct) => Task.FromResult(new ClusterProbe("v1.30.0"));

    public Task<ClusterCapabilities> DiscoverAsync(ClusterConnection cluster, CancellationToken ct) =>
        Task.FromResult(new ClusterCapabilities { VeleroInstalled = true, VeleroNamespace = "velero" });

    public Task<VeleroObjectStatus> EnsureBackupAsync(ClusterConnection cluster, string veleroNamespace, VeleroBackupSpec spec, CancellationToken ct) =>
        throw new NotSupportedException("The UI tests never execute requests.");

    public Task<VeleroObjectStatus> EnsureRestoreAsync(ClusterConnection cluster, string veleroNamespace, VeleroRestoreSpec spec, CancellationToken ct) =>
        throw new NotSupportedException("The UI tests never execute requests.");

    public IAsyncEnumerable<VeleroObjectStatus> WatchVeleroObjectAsync(ClusterConnection cluster, string veleroNamespace, VeleroObjectKind kind,
        string name, CancellationToken ct) => throw new NotSupportedException("The UI tests never execute requests.");
}
