using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Moves.Preflight;

namespace Portal.Web.Tests.Support;

/// <summary>The UI tests build migration plans with the domain's own methods and never read a cluster for them.</summary>
public sealed class FakeMigrationGateway : MigrationGatewayWithoutMoves, IMigrationClusterGateway
{
    private static NotSupportedException Never() => new("The UI tests read no cluster for migrations.");

    public Task<NamespaceExport> ExportNamespaceAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) => throw Never();

    public Task<JsonObject?> GetAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name, CancellationToken ct) => throw Never();

    public Task<IReadOnlyList<JsonObject>> ListAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string? labelSelector,
        CancellationToken ct) => throw Never();

    public Task<ApplyResult> ApplyAsync(ClusterConnection cluster, JsonObject obj, KeyValuePair<string, string> ownerLabel, CancellationToken ct) => throw Never();

    public Task<bool> DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string? @namespace, string name, CancellationToken ct) => throw Never();

    /// <summary>What <see cref="ReadFactsAsync"/> answers (the recovery page reads the replacement's locations); null throws.</summary>
    public TargetClusterFacts? Facts { get; set; }

    public Task<TargetClusterFacts> ReadFactsAsync(ClusterConnection cluster, string veleroNamespace, CancellationToken ct) =>
        Facts is { } facts ? Task.FromResult(facts) : throw Never();

    // ---- Moving data

    public Task<IReadOnlyDictionary<string, string>?> GetOwnSecretValuesAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) => throw Never();

    public Task<string> WaitForLoadBalancerAddressAsync(ClusterConnection cluster, string @namespace, string service, TimeSpan limit,
        Func<Task> waiting, CancellationToken ct) => throw Never();

    public Task WaitForDatabasesReadyAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<AwaitedDatabase> databases, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct) => throw Never();
}
