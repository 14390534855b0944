using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Moves.Preflight;
using Portal.TestSupport;

namespace Portal.Web.Tests.Support;

/// <summary>What the restore form reads of the clusters through the migration port: each cluster's facts (locations,
/// classes) by name, and the objects a list returns (claims, Ingresses, GitOps objects) by cluster and kind.</summary>
public sealed class RestoreTargetsGateway : MigrationGatewayWithoutMoves, IMigrationClusterGateway
{
    private static NotSupportedException Never() => new("The restore form only reads facts and lists.");

    public Dictionary<string, TargetClusterFacts> Facts { get; } = new();
    public List<(string Cluster, string Kind, JsonObject Object)> Objects { get; } = [];

    public Task<TargetClusterFacts> ReadFactsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct) =>
        Task.FromResult(Facts.GetValueOrDefault(cluster.ClusterName) ?? new TargetClusterFacts());

    public Task<IReadOnlyList<JsonObject>> ListAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string? labelSelector,
        CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<JsonObject>>(Objects.Where(o => o.Cluster == cluster.ClusterName && o.Kind == kind
            && (@namespace is null || o.Object["metadata"]?["namespace"]?.GetValue<string>() == @namespace)).Select(o => o.Object).ToList());

    public Task<NamespaceExport> ExportNamespaceAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) => throw Never();
    public Task<JsonObject?> GetAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name, CancellationToken ct) => throw Never();
    public Task<ApplyResult> ApplyAsync(ClusterConnection cluster, JsonObject obj, KeyValuePair<string, string> ownerLabel, CancellationToken ct) => throw Never();
    public Task<bool> DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name, CancellationToken ct) => throw Never();
    public Task<IReadOnlyDictionary<string, string>?> GetOwnSecretValuesAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) => throw Never();
    public Task<string> WaitForLoadBalancerAddressAsync(ClusterConnection cluster, string @namespace, string service, TimeSpan limit,
        Func<Task> waiting, CancellationToken ct) => throw Never();
    public Task WaitForDatabasesReadyAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<AwaitedDatabase> databases, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct) => throw Never();
}
