using System.Runtime.CompilerServices;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Clusters;

namespace Portal.UnitTests.Support;

/// <summary>A cluster that answers everything and counts the calls that would change it.</summary>
public sealed class FakeClusterGateway : IClusterGateway
{
    public int Writes;
    public List<VeleroBackupInfo> Backups { get; } = [];
    public HashSet<string> Namespaces { get; } = [];

    public ParsedKubeconfig ParseKubeconfig(string kubeconfig) =>
        kubeconfig.Contains("server:") ? new ParsedKubeconfig("https://fake:6443", true, false, false, "ctx")
            : throw new ClusterAccessException(ClusterFault.Invalid, "no server");

    public Task<ClusterProbe> ProbeAsync(ClusterConnection cluster, CancellationToken ct) => Task.FromResult(new ClusterProbe("v1.30.0"));

    public Task<ClusterCapabilities> DiscoverAsync(ClusterConnection cluster, CancellationToken ct) =>
        Task.FromResult(new ClusterCapabilities { VeleroInstalled = true, VeleroNamespace = "velero" });

    public Task<IReadOnlyList<NamespaceInfo>> ListNamespacesAsync(ClusterConnection cluster, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<NamespaceInfo>>(Namespaces.Select(n => new NamespaceInfo(n, "Active", new Dictionary<string, string>())).ToList());

    public Task<NamespaceInfo?> GetNamespaceAsync(ClusterConnection cluster, string name, CancellationToken ct) =>
        Task.FromResult(Namespaces.Contains(name) ? new NamespaceInfo(name, "Active", new Dictionary<string, string>()) : null);

    /// <summary>Namespaces the portal's RoleBinding was made in (in order of the calls).</summary>
    public List<string> AccessGranted { get; } = [];

    /// <summary>Namespaces holding a RoleBinding of the portal's name that the portal did not make.</summary>
    public HashSet<string> ForeignBindings { get; } = [];

    public Task<NamespaceAccessResult> EnsureNamespaceAccessAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        if (ForeignBindings.Contains(@namespace))
            throw new ClusterAccessException(ClusterFault.Conflict, $"Namespace {@namespace} already has a RoleBinding named {PortalAccess.BindingName} that the portal did not make.");
        if (!Namespaces.Contains(@namespace)) throw new ClusterAccessException(ClusterFault.NotFound, $"Namespace {@namespace} does not exist.");
        lock (AccessGranted)
        {
            if (AccessGranted.Contains(@namespace)) return Task.FromResult(NamespaceAccessResult.AlreadyPresent);
            AccessGranted.Add(@namespace);
        }
        return Task.FromResult(NamespaceAccessResult.Created);
    }

    public Task<IReadOnlyList<VeleroBackupInfo>> ListBackupsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<VeleroBackupInfo>>(Backups.ToList());

    public Task<VeleroBackupInfo?> GetBackupAsync(ClusterConnection cluster, string veleroNamespace, string name, CancellationToken ct) =>
        Task.FromResult(Backups.FirstOrDefault(b => b.Name == name));

    public Task<VeleroObjectStatus> EnsureBackupAsync(ClusterConnection cluster, string veleroNamespace, VeleroBackupSpec spec, CancellationToken ct)
    {
        Interlocked.Increment(ref Writes);
        return Task.FromResult(Status(spec.Name, "New"));
    }

    public Task<VeleroObjectStatus> EnsureRestoreAsync(ClusterConnection cluster, string veleroNamespace, VeleroRestoreSpec spec, CancellationToken ct)
    {
        Interlocked.Increment(ref Writes);
        return Task.FromResult(Status(spec.Name, "New"));
    }

    public async IAsyncEnumerable<VeleroObjectStatus> WatchVeleroObjectAsync(ClusterConnection cluster, string veleroNamespace,
        VeleroObjectKind kind, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        yield return Status(name, "Completed");
    }

    public static VeleroBackupInfo Backup(string name, params string[] namespaces) =>
        new(name, "Completed", namespaces, "default", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow, null, null, null);

    private static VeleroObjectStatus Status(string name, string phase) =>
        new(name, phase, 10, phase == "Completed" ? 10 : 0, 0, 0, null, [], new Dictionary<string, string>());
}
