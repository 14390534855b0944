using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>The claimable rule is written once (<see cref="ClaimableRule"/>): the entity's check, the query on the
/// database and the queue's claim (FOR UPDATE SKIP LOCKED on PostgreSQL) pick the same requests, on both providers.</summary>
public class ClaimableRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ClaimNext_OnPostgres_ClaimsExactlyTheRequestsTheEntitySaysAreClaimable()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await AgreeAsync(new DatabaseOptions { Provider = "Postgres", ConnectionString = database.ConnectionString });
    }

    [Fact]
    public async Task ClaimNext_OnSqlite_ClaimsExactlyTheRequestsTheEntitySaysAreClaimable()
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-claimable-{Guid.NewGuid():N}.db");
        try
        {
            await AgreeAsync(new DatabaseOptions { Provider = "Sqlite", ConnectionString = $"Data Source={file};Pooling=False" });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ClaimNext_OnPostgres_SkipsARowAnotherTransactionHasLocked()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var services = Services(new DatabaseOptions { Provider = "Postgres", ConnectionString = database.ConnectionString });
        var factory = services.GetRequiredService<IPortalDbContextFactory>();
        var first = Request("first", r => { r.Submit(false, Now.AddMinutes(-2)); r.Enqueue(Now.AddMinutes(-2)); });
        var second = Request("second", r => { r.Submit(false, Now.AddMinutes(-1)); r.Enqueue(Now.AddMinutes(-1)); });
        await SeedAsync(services, [first, second]);

        // Another replica is in the middle of claiming the oldest row: it holds the row lock.
        await using var other = (DbContext)await factory.CreateAsync(TenantScope.Everything);
        await using var tx = await other.Database.BeginTransactionAsync();
        await other.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Requests\" WHERE \"Id\" = {first.Id} FOR UPDATE");

        var claimed = await services.GetRequiredService<IRequestQueue>().ClaimNextAsync("replica-b", TimeSpan.FromMinutes(5), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(second.Id, claimed);
    }

    [Fact]
    public async Task ClaimBatch_OnPostgres_TakesTheOldestClaimable_PassingOverALockedRow_AndLeasesEach()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var services = Services(new DatabaseOptions { Provider = "Postgres", ConnectionString = database.ConnectionString });
        var factory = services.GetRequiredService<IPortalDbContextFactory>();
        var requests = Enumerable.Range(1, 4).Select(i => Request($"r{i}", r => { r.Submit(false, Now.AddMinutes(-10 + i)); r.Enqueue(Now.AddMinutes(-10 + i)); })).ToList();
        await SeedAsync(services, requests);

        await using var other = (DbContext)await factory.CreateAsync(TenantScope.Everything);
        await using var tx = await other.Database.BeginTransactionAsync();
        await other.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Requests\" WHERE \"Id\" = {requests[0].Id} FOR UPDATE");

        var claimed = await services.GetRequiredService<IRequestQueue>().ClaimAsync("replica-b", TimeSpan.FromMinutes(5), 2, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new[] { requests[1].Id, requests[2].Id }.Order(), claimed.Order()); // the two oldest not locked
        await using var db = await factory.CreateAsync(TenantScope.Everything);
        var rows = await db.Requests.AsNoTracking().ToDictionaryAsync(r => r.Id);
        Assert.All(claimed, id =>
        {
            Assert.Equal(RequestStatus.Running, rows[id].Status);
            Assert.Equal("replica-b", rows[id].LeaseOwner);
            Assert.Equal(Now.AddMinutes(5), rows[id].LeaseExpiresAt);
        });
        Assert.Equal(RequestStatus.Queued, rows[requests[3].Id].Status);
    }

    private static async Task AgreeAsync(DatabaseOptions options)
    {
        await using var services = Services(options);
        var requests = Requests();
        await SeedAsync(services, requests);
        var expected = requests.Where(r => r.IsClaimable(Now)).Select(r => r.Id).Order().ToList();
        Assert.Equal(4, expected.Count); // the seeds cover both sides of every branch of the rule

        var factory = services.GetRequiredService<IPortalDbContextFactory>();
        await using (var db = await factory.CreateAsync(TenantScope.Everything))
        {
            var byQuery = await db.Requests.Where(ClaimableRule.At(Now)).Select(r => r.Id).ToListAsync();
            Assert.Equal(expected, byQuery.Order().ToList());
            var loaded = await db.Requests.AsNoTracking().ToListAsync();
            Assert.Equal(expected, loaded.Where(r => r.IsClaimable(Now)).Select(r => r.Id).Order().ToList());
        }

        var queue = services.GetRequiredService<IRequestQueue>();
        var claimed = new List<Guid>();
        // In batches of 3 (an executor with 3 free slots): 3, then the last 1, then none.
        while (await queue.ClaimAsync("replica-a", TimeSpan.FromMinutes(5), 3, CancellationToken.None) is { Count: > 0 } batch) claimed.AddRange(batch);
        Assert.Equal(expected, claimed.Order().ToList());
    }

    /// <summary>Every status, and running requests with no lease, a lease that has expired, one that expires exactly
    /// now and one that has not.</summary>
    private static List<OperationRequest> Requests()
    {
        var leaseBy = Now.AddMinutes(-30);
        return
        [
            Request("pending", r => r.Submit(true, leaseBy)),
            Request("approved", r => { r.Submit(true, leaseBy); r.Approve("a", "A", null, leaseBy); }),
            Request("queued", r => { r.Submit(false, leaseBy); r.Enqueue(leaseBy); }),
            Request("rejected", r => { r.Submit(true, leaseBy); r.Reject("a", "A", "no", leaseBy); }),
            Request("cancelled", r => { r.Submit(true, leaseBy); r.Cancel(leaseBy); }),
            Request("leased", r => Running(r, Now.AddMinutes(1))),
            Request("expired", r => Running(r, Now.AddMinutes(-1))),
            Request("expires-now", r => Running(r, Now)),
            Request("released", r => { Running(r, Now.AddMinutes(1)); r.Release("x", "cluster down", Now.AddSeconds(-1), leaseBy); }),
            Request("released-later", r => { Running(r, Now.AddMinutes(1)); r.Release("x", "cluster down", Now.AddSeconds(30), leaseBy); }),
            Request("succeeded", r => { Running(r, Now.AddMinutes(1)); r.Complete(RequestStatus.Succeeded, null, leaseBy); }),
        ];

        void Running(OperationRequest r, DateTimeOffset leaseUntil)
        {
            r.Submit(false, leaseBy);
            r.Enqueue(leaseBy);
            r.Claim("x", leaseUntil, leaseBy);
        }
    }

    private static readonly Tenant TheTenant = new("claim", "Claim");
    private static readonly Cluster TheCluster = new("claim-1", "https://claim:6443", "x", ClusterAuthKind.BearerToken, "test", Now);

    private static OperationRequest Request(string name, Action<OperationRequest> to)
    {
        var r = OperationRequest.ForBackup(TheTenant.Id, TheCluster.Id, name,
            new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.None, null), "u", "User", null, Now.AddHours(-1));
        to(r);
        return r;
    }

    private static async Task SeedAsync(ServiceProvider services, List<OperationRequest> requests)
    {
        await services.GetRequiredService<IDatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using var db = (DbContext)await services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        db.AddRange(TheTenant, TheCluster);
        db.AddRange(requests);
        await db.SaveChangesAsync();
    }

    private static ServiceProvider Services(DatabaseOptions options) =>
        new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(Now)).AddLogging()
            .AddPortalInfrastructure(options).BuildServiceProvider();
}
