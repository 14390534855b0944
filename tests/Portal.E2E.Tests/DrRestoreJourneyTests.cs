using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Web.Hosting;
using static Portal.E2E.Tests.PortalServerFixture;

namespace Portal.E2E.Tests;

/// <summary>The worst day, in a real browser: the demo's prod-east does not answer (every call times out), so Webshop's owner
/// opens the restore form of shop-frontend and is told the backups listed are the ones the portal last saw there; she picks
/// one that dr-west's Velero reads through the shared bucket, restores it into a new namespace on dr-west, Webshop's SRE
/// approves it, and her request page (never reloaded) shows the restore succeed and the namespace handed to Webshop. The
/// restored objects are then read on dr-west's simulated API.</summary>
[Collection(PortalServerCollection.Name)]
public class DrRestoreJourneyTests(PortalServerFixture server)
{
    private SimulatedCluster Simulator(string name) =>
        server.AppServices.GetRequiredService<SimulatedClusterHost>().Clusters.Single(c => c.ClusterName == name);

    private async Task<T> QueryAsync<T>(Func<IPortalDbContext, Task<T>> query)
    {
        await using var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await query(db);
    }

    /// <summary>The newest completed backup of shop-frontend the follower saw on prod-east that dr-west's Velero has synced.</summary>
    private async Task<string> BackupBothSeeAsync()
    {
        var drWest = Simulator("dr-west");
        for (var i = 0; i < 240; i++)
        {
            var seen = await QueryAsync(db => (from b in db.ObservedBackups
                                               join c in db.Clusters on b.ClusterId equals c.Id
                                               where c.Name == "prod-east" && b.Phase == "Completed"
                                               orderby b.StartedAt descending
                                               select new { b.Name, b.IncludedNamespaces }).ToListAsync());
            var name = seen.Where(b => b.IncludedNamespaces.Contains("shop-frontend"))
                .Select(b => b.Name).FirstOrDefault(n => drWest.Store.Get("velero.io/v1", "Backup", "velero", n) is not null);
            if (name is not null) return name;
            await Task.Delay(500);
        }
        throw new InvalidOperationException("No backup of shop-frontend seen on prod-east was synced to dr-west within two minutes.");
    }

    [Fact]
    public async Task SourceDoesNotAnswer_OwnerRestoresALastSeenBackupOnTheDrCluster_SreApproves_NamespaceHandedOver()
    {
        var backup = await BackupBothSeeAsync();
        var prodEast = Simulator("prod-east");
        var prodEastId = await QueryAsync(db => db.Clusters.Where(c => c.Name == "prod-east" && c.RetiredAt == null).Select(c => c.Id).SingleAsync());
        var target = $"shop-frontend-dr-{Guid.NewGuid().ToString("N")[..6]}";
        // prod-east does not answer: every API call ends in a gateway timeout.
        prodEast.Faults.FailRequests(504);
        try
        {
            var alice = await server.SignInAsync("alice", 60_000);
            await alice.GotoAsync("/namespaces");
            await WaitForCircuitAsync(alice);
            await alice.Locator("[data-testid=cluster-group][data-cluster=prod-east] [data-testid=restore-shop-frontend]").ClickAsync();
            await Assertions.Expect(alice).ToHaveURLAsync(new Regex("/namespaces/[0-9a-f-]+/restore"));
            await WaitForCircuitAsync(alice);

            // Told, in words, that the cluster does not answer and these are the backups last seen there.
            var notice = alice.GetByTestId("backups-last-seen");
            await Assertions.Expect(notice).ToContainTextAsync("Cluster prod-east does not answer", new() { Timeout = 90_000 });
            await Assertions.Expect(notice).ToContainTextAsync("the backups the portal last saw there");
            await Assertions.Expect(alice.GetByTestId("result-error")).ToHaveCountAsync(0);
            var row = alice.Locator($"[data-testid=backup-row][data-backup={backup}]");
            await Assertions.Expect(row).ToHaveAttributeAsync("data-restorable", "true");

            await row.Locator($"[data-testid=backup-option-{backup}]").ClickAsync();
            // The DR cluster reads prod-east's bucket: it is offered, saying through which location.
            await alice.GetByTestId("target-cluster").ClickAsync();
            var drOption = alice.GetByRole(AriaRole.Option).Filter(new() { HasText = "dr-west" });
            await Assertions.Expect(drOption).ToContainTextAsync("sees the backup through its location prod-east");
            await drOption.ClickAsync();
            await Assertions.Expect(alice.GetByLabel("Namespace on dr-west")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(alice.GetByTestId("target-choice")).ToHaveCountAsync(0); // another cluster: always a namespace there
            await Field(alice, "target-namespace").FillAsync(target);
            await Field(alice, "reason").FillAsync("prod-east is down: bring the shop front end up on the DR site");
            await Assertions.Expect(alice.GetByTestId("submit-restore")).ToBeEnabledAsync();
            await alice.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dr-restore-form.png"), FullPage = true });
            await alice.GetByTestId("submit-restore").ClickAsync();

            await Assertions.Expect(alice).ToHaveURLAsync(new Regex("/requests/[0-9a-f-]{36}$"));
            var status = alice.GetByTestId("request-status").First;
            await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "PendingApproval");
            var requestUrl = alice.Url;

            // Another person approves: Webshop's SRE.
            var sam = await server.SignInAsync("sam", 60_000);
            await sam.GotoAsync("/approvals");
            await WaitForCircuitAsync(sam);
            var item = sam.GetByTestId("approval-item").Filter(new() { HasText = target });
            await Assertions.Expect(item).ToContainTextAsync("dr-west");
            await item.GetByTestId("approve-button").ClickAsync();
            await Assertions.Expect(item).ToHaveCountAsync(0);

            // The owner's page follows it live, on the DR cluster, while prod-east still does not answer.
            Assert.Equal(requestUrl, alice.Url);
            await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 120_000 });
            var timeline = alice.GetByTestId("request-timeline");
            await Assertions.Expect(timeline).ToContainTextAsync("Approved by Sam Reliability");
            await Assertions.Expect(timeline).ToContainTextAsync($"Namespace {target} on dr-west now belongs to tenant Webshop");
            await alice.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "dr-restore-journey.png"), FullPage = true });

            // What the restore wrote on dr-west: the namespace and shop-frontend's workloads, from the backup.
            var drWest = Simulator("dr-west");
            Assert.NotNull(drWest.Store.Get("v1", "Namespace", null, target));
            Assert.NotNull(drWest.Store.Get("apps/v1", "Deployment", target, "storefront"));
            Assert.NotNull(drWest.Store.Get("apps/v1", "Deployment", target, "cart"));
            Assert.NotNull(drWest.Store.Get("v1", "PersistentVolumeClaim", target, "media"));
            var owner = await QueryAsync(db => (from n in db.TenantNamespaces
                                                join c in db.Clusters on n.ClusterId equals c.Id
                                                join t in db.Tenants on n.TenantId equals t.Id
                                                where c.Name == "dr-west" && n.Namespace == target
                                                select t.Slug).SingleOrDefaultAsync());
            Assert.Equal("webshop", owner);

            // Her namespaces list shows it under dr-west.
            await alice.GotoAsync("/namespaces");
            await WaitForCircuitAsync(alice);
            await Assertions.Expect(alice.Locator($"[data-testid=cluster-group][data-cluster=dr-west] [data-testid=restore-{target}]")).ToBeVisibleAsync();
            await alice.Context.CloseAsync();
            await sam.Context.CloseAsync();
        }
        finally
        {
            prodEast.Faults.ClearRequestFailures();
            // prod-east answers again: checked now, so the journeys after this one do not find it Unreachable.
            await server.AsPlatformEngineerAsync<CheckClusterConnection, Portal.Application.Common.Result<ClusterHealthView>>(u =>
                u.HandleAsync(new CheckClusterConnectionCommand(prodEastId)));
        }
    }
}
