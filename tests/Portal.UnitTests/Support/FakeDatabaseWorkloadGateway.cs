using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;

namespace Portal.UnitTests.Support;

/// <summary>Secrets by name (key names only) and a list of discovered databases; counts writes.</summary>
public sealed class FakeDatabaseWorkloadGateway : IDatabaseWorkloadGateway
{
    public int Writes;
    public Dictionary<(string Ns, string Name), string[]> Secrets { get; } = [];
    public List<DatabaseCandidate> Candidates { get; } = [];
    public Dictionary<(string Ns, string Name), VolumeClaimInfo> Claims { get; } = [];
    /// <summary>When set, every call fails as an unreachable cluster would.</summary>
    public ClusterAccessException? Fault { get; set; }

    public Task<IReadOnlyList<DatabaseCandidate>> DiscoverDatabasesAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DatabaseCandidate>>(Candidates.Where(c => c.Namespace == @namespace).ToList());

    public Task<SecretKeys?> GetSecretKeysAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        Task.FromResult(Secrets.TryGetValue((@namespace, name), out var keys) ? new SecretKeys(name, keys) : null);

    public Task<VolumeClaimInfo?> GetVolumeClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        Fault is { } fault ? Task.FromException<VolumeClaimInfo?>(fault) : Task.FromResult(Claims.GetValueOrDefault((@namespace, name)));

    public Task<JsonObject> ApplyAsync(ClusterConnection cluster, JsonObject manifest, string ownerLabel, CancellationToken ct)
    {
        Interlocked.Increment(ref Writes);
        return Task.FromResult(manifest);
    }

    public Task DeleteAsync(ClusterConnection cluster, string apiVersion, string kind, string @namespace, string name, CancellationToken ct)
    {
        Interlocked.Increment(ref Writes);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<JobRunStatus>> ListJobRunsAsync(ClusterConnection cluster, string @namespace, string labelSelector, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<JobRunStatus>>([]);

    public async IAsyncEnumerable<JobRunStatus> WatchJobAsync(ClusterConnection cluster, string @namespace, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        yield break;
    }

    public Task<JsonObject?> GetCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        Task.FromResult<JsonObject?>(null);

    public Task<IReadOnlyList<JsonObject>> ListCnpgBackupsAsync(ClusterConnection cluster, string @namespace, string labelSelector, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<JsonObject>>([]);

    public async IAsyncEnumerable<CnpgBackupObservation> WatchCnpgBackupAsync(ClusterConnection cluster, string @namespace, string name,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        yield break;
    }
}
