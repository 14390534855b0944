using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Moves.Preflight;

namespace Portal.UnitTests.Support;

/// <summary>Clusters by name: the objects of each namespace, the GitOps objects, and the facts the preflight reads.
/// Clusters listed in <see cref="Down"/> answer as unreachable. Counts writes (use cases must never write).</summary>
public sealed class FakeMigrationGateway : MigrationGatewayWithoutMoves, IMigrationClusterGateway
{
    public int Writes;
    public Dictionary<(string Cluster, string Namespace), List<JsonObject>> Objects { get; } = [];
    public Dictionary<string, List<JsonObject>> GitOpsObjects { get; } = [];
    public Dictionary<string, TargetClusterFacts> Facts { get; } = [];
    public HashSet<string> Down { get; } = [];

    public Task<NamespaceExport> ExportNamespaceAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        Reach(cluster);
        return Task.FromResult(new NamespaceExport(Objects.GetValueOrDefault((cluster.ClusterName, @namespace))?.Select(o => (JsonObject)o.DeepClone()).ToList() ?? [], []));
    }

    public Task<JsonObject?> GetAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name, CancellationToken ct)
    {
        Reach(cluster);
        return Task.FromResult(GitOpsObjects.GetValueOrDefault(cluster.ClusterName)?.FirstOrDefault(o => o["kind"]?.GetValue<string>() == kind
            && o["metadata"]?["name"]?.GetValue<string>() == name && o["metadata"]?["namespace"]?.GetValue<string>() == @namespace));
    }

    public Task<IReadOnlyList<JsonObject>> ListAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string? labelSelector, CancellationToken ct)
    {
        Reach(cluster);
        IReadOnlyList<JsonObject> found = GitOpsObjects.GetValueOrDefault(cluster.ClusterName)?.Where(o => o["kind"]?.GetValue<string>() == kind).ToList() ?? [];
        return Task.FromResult(found);
    }

    public Task<ApplyResult> ApplyAsync(ClusterConnection cluster, JsonObject obj, KeyValuePair<string, string> ownerLabel, CancellationToken ct)
    {
        Interlocked.Increment(ref Writes);
        return Task.FromResult(ApplyResult.Created);
    }

    public Task<bool> DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name, CancellationToken ct)
    {
        Interlocked.Increment(ref Writes);
        return Task.FromResult(true);
    }

    public Task<TargetClusterFacts> ReadFactsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct)
    {
        Reach(cluster);
        return Task.FromResult(Facts.GetValueOrDefault(cluster.ClusterName) ?? new TargetClusterFacts());
    }

    // ---- Moving data

    public Task<IReadOnlyDictionary<string, string>?> GetOwnSecretValuesAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct)
    {
        Reach(cluster);
        return Task.FromResult<IReadOnlyDictionary<string, string>?>(null);
    }

    public Task<string> WaitForLoadBalancerAddressAsync(ClusterConnection cluster, string @namespace, string service, TimeSpan limit,
        Func<Task> waiting, CancellationToken ct)
    {
        Reach(cluster);
        throw new ClusterWaitTimeoutException($"Service {@namespace}/{service} on {cluster.ClusterName} has no address.", []);
    }

    public Task WaitForDatabasesReadyAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<AwaitedDatabase> databases, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct)
    {
        Reach(cluster);
        return Task.CompletedTask;
    }

    private void Reach(ClusterConnection cluster)
    {
        if (Down.Contains(cluster.ClusterName))
            throw new ClusterAccessException(ClusterFault.Unreachable, $"{cluster.ClusterName} did not answer");
    }
}
