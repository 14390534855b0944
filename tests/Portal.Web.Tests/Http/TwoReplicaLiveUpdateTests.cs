using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Requests;
using Portal.Infrastructure.Notifications;

namespace Portal.Web.Tests.Http;

/// <summary>Two portal replicas (the real host, twice) on one PostgreSQL database: a change announced on one reaches
/// the open pages of the other within a second, through LISTEN/NOTIFY, and a lost listening connection comes back
/// with the pages asked to re-read once.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class TwoReplicaLiveUpdateTests : IAsyncLifetime
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private string _admin = "";
    private string _database = "";
    private PostgresReplica? _a;
    private PostgresReplica? _b;

    private sealed class PostgresReplica(string connectionString) : PortalHttpFactory("Production", new Dictionary<string, string>
    {
        ["Database__Provider"] = "Postgres",
        ["Database__ConnectionString"] = connectionString,
        ["Database__MigrateOnStart"] = "true",
        ["DataProtection__Certificate__Path"] = ProductionPortal.MakePem().Cert,
        ["DataProtection__Certificate__KeyPath"] = ProductionPortal.MakePem().Key,
    })
    {
        public IRequestStatusNotifier Requests => Services.GetRequiredService<IRequestStatusNotifier>();
        public IDatabaseActivityNotifier Databases => Services.GetRequiredService<IDatabaseActivityNotifier>();
        public PostgresChangeRelay Relay => Services.GetRequiredService<PostgresChangeRelay>();
    }

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PORTAL_TEST_POSTGRES is not set: run the tests with `bash tests/run-all.sh`, which starts a throwaway PostgreSQL.");
        _database = $"portal_live_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(_admin))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", conn);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ToString();
        _a = new PostgresReplica(cs); // migrates the schema, then the second one finds it done
        _b = new PostgresReplica(cs);
        // (Looked up, not required: without a relay the tests below fail on what they check, the change not arriving.)
        foreach (var replica in new[] { _a, _b })
            if (replica.Services.GetService<PostgresChangeRelay>() is { } relay) await relay.Listening.WaitAsync(Patience);
    }

    public async Task DisposeAsync()
    {
        if (_b is not null) await _b.DisposeAsync();
        if (_a is not null) await _a.DisposeAsync();
        // Leave no Postgres settings behind for the SQLite portals of the other HTTP tests.
        Environment.SetEnvironmentVariable("Database__MigrateOnStart", null);
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }

    private static (TaskCompletionSource Seen, Func<Task> Callback) Probe()
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (seen, () => { seen.TrySetResult(); return Task.CompletedTask; });
    }

    [Fact]
    public async Task RequestChangedOnReplicaA_ReachesAPageOnReplicaB_WithinASecond()
    {
        var tenant = Guid.NewGuid();
        var request = Guid.NewGuid();
        var (page, onPage) = Probe();
        var (list, onList) = Probe();
        using var pageOnB = _b!.Requests.Subscribe(RequestChangeFilter.Request(request), onPage);
        using var listOnB = _b.Requests.Subscribe(new RequestChangeFilter { Tenants = new HashSet<Guid> { tenant } }, onList);
        var (ownPage, onOwnPage) = Probe();
        using var pageOnA = _a!.Requests.Subscribe(RequestChangeFilter.Request(request), onOwnPage);

        var clock = Stopwatch.StartNew();
        _a.Requests.Notify(new RequestChange(tenant, request, RequestKind.NamespaceBackup));

        await page.Task.WaitAsync(Patience);
        var elapsed = clock.Elapsed;
        await list.Task.WaitAsync(Patience);
        await ownPage.Task.WaitAsync(Patience);
        Assert.True(elapsed < Second, $"The change took {elapsed.TotalMilliseconds:F0} ms to reach the other replica.");
    }

    [Fact]
    public async Task ScheduledRunRecordedOnReplicaB_ReachesTheDatabasePageOnReplicaA_WithinASecond()
    {
        var database = Guid.NewGuid();
        var (page, onPage) = Probe();
        using var pageOnA = _a!.Databases.Subscribe(database, onPage);

        var clock = Stopwatch.StartNew();
        _b!.Databases.Notify(new DatabaseActivityChange(Guid.NewGuid(), database));

        await page.Task.WaitAsync(Patience);
        Assert.True(clock.Elapsed < Second, $"The change took {clock.Elapsed.TotalMilliseconds:F0} ms to reach the other replica.");
    }

    [Fact]
    public async Task ListeningConnectionKilled_ComesBack_PagesReReadOnce_AndChangesFlowAgain()
    {
        var request = Guid.NewGuid();
        // This page matches no change sent here: only the re-read after the reconnect can call it.
        var (resynced, onResync) = Probe();
        using var quietPage = _b!.Requests.Subscribe(RequestChangeFilter.Request(Guid.NewGuid()), onResync);
        var before = _b.Relay.Connections;

        await using (var conn = new NpgsqlConnection(_admin))
        {
            await conn.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2", conn)
            {
                Parameters = { new() { Value = _database }, new() { Value = PostgresChangeRelay.ListenerApplicationName } },
            };
            Assert.Equal(2L, await kill.ExecuteScalarAsync()); // one listener per replica
        }

        await resynced.Task.WaitAsync(Patience);
        Assert.True(_b.Relay.Connections > before);
        await WaitUntilAsync(() => _a!.Relay.Connections > 1);

        var (page, onPage) = Probe();
        using var pageOnB = _b.Requests.Subscribe(RequestChangeFilter.Request(request), onPage);
        _a!.Requests.Notify(new RequestChange(Guid.NewGuid(), request, RequestKind.DatabaseDump));
        await page.Task.WaitAsync(Patience);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(20);
        }
    }
}
