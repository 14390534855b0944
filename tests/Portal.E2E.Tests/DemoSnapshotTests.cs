using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Requests;
using Portal.Web.Hosting;

namespace Portal.E2E.Tests;

/// <summary>The demo's snapshots: taken at start through SnapshotNow requests by Webshop's SRE and executed against the simulated
/// prod-east (ready VolumeSnapshots there), plus one schedule; seeding again (a restart) adds nothing.</summary>
[Collection(PortalServerCollection.Name)]
public class DemoSnapshotTests(PortalServerFixture server)
{
    private async Task<T> QueryAsync<T>(Func<IPortalDbContext, Task<T>> query)
    {
        await using var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await query(db);
    }

    private Task<List<OperationRequest>> SnapshotRequestsAsync() => QueryAsync(db => (from r in db.Requests.AsNoTracking()
        join c in db.Clusters on r.ClusterId equals c.Id
        where r.Kind == RequestKind.VolumeSnapshot && c.Name == DemoSnapshotSeeder.Cluster && r.Reason!.StartsWith("Demo:")
        select r).ToListAsync());

    [Fact]
    public async Task Demo_TakesSnapshotsThroughRequestsAndSchedulesOne_RestartAddsNothing()
    {
        List<OperationRequest> requests = [];
        for (var i = 0; i < 240; i++)
        {
            requests = await SnapshotRequestsAsync();
            if (requests.Count >= 2 && requests.All(r => r.Status.IsTerminal())) break;
            await Task.Delay(500);
        }

        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.Status == RequestStatus.Succeeded, r.FailureReason));
        Assert.Equal(["shop-frontend", "shop-payments"], requests.Select(r => r.Namespace).Order().ToArray());
        Assert.All(requests, r => Assert.Equal("Sam Reliability", r.RequestedByName));
        var schedules = await QueryAsync(db => db.SnapshotSchedules.AsNoTracking().Where(s => s.Namespace == DemoSnapshotSeeder.ScheduledNamespace).ToListAsync());
        var schedule = Assert.Single(schedules);
        Assert.Equal([DemoSnapshotSeeder.ScheduledClaim], schedule.Claims);
        Assert.Equal(3, schedule.KeepLast);

        await using (var scope = server.AppServices.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemoSnapshotSeeder>().SeedAsync(CancellationToken.None);
        Assert.Equal(2, (await SnapshotRequestsAsync()).Count);
        Assert.Single(await QueryAsync(db => db.SnapshotSchedules.AsNoTracking().Where(s => s.Namespace == DemoSnapshotSeeder.ScheduledNamespace).ToListAsync()));
    }
}
