using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.Queue;

/// <summary>"4 replicas of the executor claim >= 500 requests per second with 0 double claims" (docs/benchmarks.md). Seeds
/// N queued requests on a fresh PostgreSQL database, then 4 claimers (each its own service provider and connection pool,
/// as 4 replicas) call the queue's real claim (<see cref="IRequestQueue.ClaimAsync"/>, as many at a time as an executor's free slots) until it is empty. Reports
/// claims per second, and double claims counted by request id (what the claimers got, and the rows' lease owners).
/// Usage: dotnet run -c Release --project tests/Portal.Benchmarks -- claims [--requests 2000] [--claimers 4] [--batch 4] [--rounds 3].
/// Exits 1 only on a double claim or a lost request (never on a number).</summary>
internal static class ClaimThroughputBenchmark
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = int.Parse(Bench.Arg(args, "--requests", "2000"));
        var claimers = int.Parse(Bench.Arg(args, "--claimers", "4"));
        var rounds = int.Parse(Bench.Arg(args, "--rounds", "3"));
        // What an executor asks for: its free slots (Execution:MaxConcurrentRequests, 4 by default); 1 for one at a time.
        var batch = int.Parse(Bench.Arg(args, "--batch", "4"));
        await using var database = await PostgresBenchmarkDatabase.CreateAsync();
        if (database is null)
        {
            Console.WriteLine("claims: skipped, PORTAL_TEST_POSTGRES is not set");
            return 0;
        }

        var replicas = Enumerable.Range(1, claimers).Select(i => Replica(database.ConnectionString, i)).ToList();
        try
        {
            await replicas[0].GetRequiredService<IDatabaseMigrator>().MigrateAsync();
            var (tenant, cluster) = await SeedOwnersAsync(replicas[0]);
            var ok = true;
            Console.WriteLine("| round | requests | claimers | batch | seconds | claims/s | double claims (claimers) | double claims (rows) | unclaimed |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (var round = 1; round <= rounds; round++)
            {
                var seeded = await SeedQueueAsync(replicas[0], tenant, cluster, requests);
                // Round 1 includes each replica's first connection and model build; later rounds are the queue's pace.
                var got = new ConcurrentBag<(int Claimer, Guid Id)>();
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(replicas.Select((r, i) => Task.Run(async () =>
                {
                    var queue = r.GetRequiredService<IRequestQueue>();
                    while (await queue.ClaimAsync($"replica-{i + 1}", Lease, batch, CancellationToken.None) is { Count: > 0 } ids)
                        foreach (var id in ids) got.Add((i + 1, id));
                })));
                clock.Stop();
                var doubleByClaimers = got.GroupBy(g => g.Id).Count(g => g.Count() > 1);
                var (doubleByRows, unclaimed) = await CheckRowsAsync(replicas[0], seeded, got);
                ok &= doubleByClaimers == 0 && doubleByRows == 0 && unclaimed == 0;
                Console.WriteLine($"| {round} | {requests:N0} | {claimers} | {batch} | {clock.Elapsed.TotalSeconds:0.00} | {got.Count / clock.Elapsed.TotalSeconds:N0} | {doubleByClaimers} | {doubleByRows} | {unclaimed} |");
            }
            return ok ? 0 : 1;
        }
        finally
        {
            foreach (var r in replicas) await r.DisposeAsync();
        }
    }

    /// <summary>One replica's persistence: a pool of its own (the application name differs), the real queue.</summary>
    private static ServiceProvider Replica(string connectionString, int number) =>
        new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddPortalInfrastructure(new DatabaseOptions
            {
                Provider = "Postgres",
                ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = $"portal-claimer-{number}" }.ToString(),
            })
            .BuildServiceProvider();

    private static async Task<(Guid Tenant, Guid Cluster)> SeedOwnersAsync(ServiceProvider services)
    {
        var now = DateTimeOffset.UtcNow;
        var tenant = new Tenant("bench", "Bench");
        var cluster = new Cluster("bench-1", "https://bench:6443", "x", ClusterAuthKind.BearerToken, "bench", now);
        await using var db = (DbContext)await services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        db.AddRange(tenant, cluster);
        await db.SaveChangesAsync();
        return (tenant.Id, cluster.Id);
    }

    /// <summary>N queued backup requests, as many submissions would leave them.</summary>
    private static async Task<List<Guid>> SeedQueueAsync(ServiceProvider services, Guid tenant, Guid cluster, int count)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var requests = Enumerable.Range(0, count).Select(i =>
        {
            var r = OperationRequest.ForBackup(tenant, cluster, $"ns-{i % 500}",
                new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.None, null), "u", "User", null, now.AddMilliseconds(i));
            r.Submit(false, now.AddMilliseconds(i));
            r.Enqueue(now.AddMilliseconds(i));
            return r;
        }).ToList();
        await using var db = (DbContext)await services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        db.AddRange(requests);
        await db.SaveChangesAsync();
        return requests.Select(r => r.Id).ToList();
    }

    /// <summary>Each row claimed once, by the claimer that says it got it; none left in the queue.</summary>
    private static async Task<(int DoubleClaims, int Unclaimed)> CheckRowsAsync(ServiceProvider services, List<Guid> ids,
        IEnumerable<(int Claimer, Guid Id)> got)
    {
        await using var db = await services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var rows = await db.Requests.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.LeaseOwner, r.Attempt }).ToDictionaryAsync(r => r.Id);
        var byClaimer = got.ToLookup(g => g.Id, g => $"replica-{g.Claimer}");
        var doubles = rows.Values.Count(r => r.Attempt > 1 || byClaimer[r.Id].Any(owner => owner != r.LeaseOwner));
        var unclaimed = rows.Values.Count(r => r.LeaseOwner is null);
        return (doubles, unclaimed);
    }
}
