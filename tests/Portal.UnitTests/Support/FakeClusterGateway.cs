using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Clusters;

namespace Portal.UnitTests.Support;

/// <summary>A cluster that answers everything and counts the calls that would change it.</summary>
public sealed class FakeClusterGateway : IClusterGateway
{
    public int Writes;
    public List<VeleroBackupInfo> Backups { get; } = [];
    public HashSet<string> Namespaces { get; } = [];

    /// <summary>Host name → addresses it resolves to; any other host resolves to 10.0.0.1.</summary>
    public Dictionary<string, IPAddress[]> Dns { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>When set, connecting with a kubeconfig containing the key fails with the value (a closed port, a wrong token).</summary>
    public Dictionary<string, ClusterAccessException> ProbeFailures { get; } = [];
    public List<string> Probed { get; } = [];

    /// <summary>Reads "server: URL" (default https://fake:6443) and "insecure-skip-tls-verify: true" from the text.</summary>
    public ParsedKubeconfig ParseKubeconfig(string kubeconfig)
    {
        if (!kubeconfig.Contains("server:")) throw new ClusterAccessException(ClusterFault.Invalid, "no server");
        var server = Regex.Match(kubeconfig, @"server:\s*(\S+)") is { Success: true } m && m.Groups[1].Value.Contains("://") ? m.Groups[1].Value : "https://fake:6443";
        return new ParsedKubeconfig(server, true, false, kubeconfig.Contains("insecure-skip-tls-verify: true"), "ctx");
    }

    public Task<IReadOnlyList<IPAddress>> ResolveServerAsync(string host, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<IPAddress>>(Dns.TryGetValue(host, out var a) ? a : [IPAddress.Parse("10.0.0.1")]);

    public Task<ClusterProbe> ProbeAsync(ClusterConnection cluster, CancellationToken ct)
    {
        Probed.Add(cluster.Kubeconfig);
        foreach (var (key, failure) in ProbeFailures)
            if (cluster.Kubeconfig.Contains(key)) throw failure;
        return Task.FromResult(new ClusterProbe("v1.30.0"));
    }

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

    /// <summary>When set, listing backups fails with it (the cluster down, say).</summary>
    public ClusterAccessException? ListFailure { get; set; }

    public Task<IReadOnlyList<VeleroBackupInfo>> ListBackupsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct) =>
        ListFailure is { } failure ? Task.FromException<IReadOnlyList<VeleroBackupInfo>>(failure)
        : Task.FromResult<IReadOnlyList<VeleroBackupInfo>>(Backups.ToList());

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
