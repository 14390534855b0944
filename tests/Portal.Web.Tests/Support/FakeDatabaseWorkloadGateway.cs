using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Databases;

namespace Portal.Web.Tests.Support;

/// <summary>Canned database answers: namespace "shop" runs a CloudNativePG Cluster "shop-db" whose "-app" Secret
/// has the keys username and password. <see cref="SecretValues"/> holds value-looking strings that the UI must
/// never show (the real gateway never returns values; this proves the pages do not go looking for them).</summary>
public sealed class FakeDatabaseWorkloadGateway : IDatabaseWorkloadGateway
{
    public const string SecretPasswordValue = "s3cr3t-P4ssw0rd-never-shown";

    public List<DatabaseCandidate> Candidates { get; } =
    [
        new("shop", "shop-db", DatabaseSource.CloudNativePgCluster, DatabaseEngine.PostgreSql, 16, "shop-db-rw", 5432,
            "shop-db-app", "username", "password", ["app"]),
    ];

    /// <summary>Secrets by "namespace/name", with their keys.</summary>
    public Dictionary<string, IReadOnlyList<string>> Secrets { get; } = new() { ["shop/shop-db-app"] = ["username", "password", "pgpass"] };

    /// <summary>What the Secrets would contain on a real cluster; only here to prove it never reaches the page.</summary>
    public Dictionary<string, string> SecretValues { get; } = new() { ["shop/shop-db-app/password"] = SecretPasswordValue };

    public int DiscoverCalls { get; private set; }

    public Task<IReadOnlyList<DatabaseCandidate>> DiscoverDatabasesAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        DiscoverCalls++;
        return Task.FromResult<IReadOnlyList<DatabaseCandidate>>(Candidates.Where(c => c.Namespace == @namespace).ToList());
    }

    public Task<SecretKeys?> GetSecretKeysAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        Task.FromResult(Secrets.TryGetValue($"{@namespace}/{name}", out var keys) ? new SecretKeys(name, keys) : null);

    public Task<VolumeClaimInfo?> GetVolumeClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        Task.FromResult<VolumeClaimInfo?>(null);

    public Task<JsonObject> ApplyAsync(ClusterConnection cluster, JsonObject manifest, string ownerLabel, CancellationToken ct) =>
        throw new NotSupportedException("The UI tests create nothing on clusters.");

    public Task DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string @namespace, string name, CancellationToken ct) =>
        throw new NotSupportedException("The UI tests delete nothing on clusters.");

    public Task<IReadOnlyList<JobRunStatus>> ListJobRunsAsync(ClusterConnection cluster, string @namespace, string labelSelector, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<JobRunStatus>>([]);

    public IAsyncEnumerable<JobRunStatus> WatchJobAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        throw new NotSupportedException("The UI tests follow no Jobs.");

    public Task<JsonObject?> GetCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        throw new NotSupportedException("The UI tests follow no CloudNativePG Backups.");

    public Task<IReadOnlyList<JsonObject>> ListCnpgBackupsAsync(ClusterConnection cluster, string @namespace, string labelSelector, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([]);

    public IAsyncEnumerable<CnpgBackupObservation> WatchCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        throw new NotSupportedException("The UI tests follow no CloudNativePG Backups.");
}
