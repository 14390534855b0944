using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Clusters.Retire;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Tenants;
using Portal.Web.Hosting;
using static Portal.E2E.Tests.PortalServerFixture;

namespace Portal.E2E.Tests;

/// <summary>
/// Rebuilding a lost cluster in a real browser. A third simulated cluster (its own, so the demo's two stay as the other
/// journeys expect them) runs applications of Webshop and Billing and writes its backups to the bucket the demo's dr-west
/// reads; the portal registers it and its follower records the backups; then it is lost for good. The SRE on call for both
/// clusters opens "Recover cluster ..." on it, sees the plan (tenants, newest backup dr-west reads, RPO, the namespace no
/// backup brings back and why), picks dr-west and creates the recovery plan; Billing's owner acknowledges his application
/// (Billing asks for it); the SRE submits the wave, a platform engineer (not the SRE) approves it, and the SRE's board,
/// never reloaded, shows every application recovered with the data it lost. The namespaces then exist on dr-west, owned by
/// their tenants.
/// </summary>
[Collection(PortalServerCollection.Name)]
public class ClusterRecoveryJourneyTests(PortalServerFixture server)
{
    private SimulatedClusterHost Host => server.AppServices.GetRequiredService<SimulatedClusterHost>();

    private async Task<IPortalDbContext> OpenAllAsync() =>
        await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 180)
    {
        for (var i = 0; i < seconds * 2; i++)
        {
            if (await condition()) return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"Not within {seconds} s: {what}.");
    }

    private static void PutApplication(SimulatedCluster cluster, string ns, string deployment)
    {
        cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        });
        cluster.Store.Put(JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"APP","namespace":"NS"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"APP"}},
                     "template":{"metadata":{"labels":{"app":"APP"}},"spec":{"containers":[{"name":"app","image":"registry.example.com/APP:1.0"}]}}}}
            """.Replace("APP", deployment, StringComparison.Ordinal).Replace("NS", ns, StringComparison.Ordinal))!.AsObject());
    }

    private static void PutBackup(SimulatedCluster cluster, string name, string ns, string location) =>
        cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray(ns), ["storageLocation"] = location, ["ttl"] = "720h0m0s" },
        });

    /// <summary>A location on the bucket and prefix dr-west reads through its location "prod-east" (same name, same provider).</summary>
    private static JsonObject SharedLocation(SimulatedCluster drWest)
    {
        var read = drWest.Store.Get("velero.io/v1", "BackupStorageLocation", "velero", "prod-east")
                   ?? throw new InvalidOperationException("dr-west has no location prod-east");
        return new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "BackupStorageLocation",
            ["metadata"] = new JsonObject { ["name"] = "prod-east", ["namespace"] = "velero" },
            ["spec"] = new JsonObject
            {
                ["provider"] = read["spec"]!["provider"]!.DeepClone(),
                ["accessMode"] = "ReadWrite",
                ["objectStorage"] = read["spec"]!["objectStorage"]!.DeepClone(),
                ["config"] = read["spec"]!["config"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["phase"] = "Available" },
        };
    }

    [Fact]
    public async Task LostCluster_SrePlansTheRecovery_PlatformEngineerApproves_BoardShowsDataLoss_NamespacesOnTheReplacement()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var lostName = $"edge-{id}";
        var shop = $"e2e-rec-{id}-shop";
        var books = $"e2e-rec-{id}-books";
        var cache = $"e2e-rec-{id}-cache"; // never backed up
        var drWest = Host.Clusters.Single(c => c.ClusterName == "dr-west");

        var lost = await Host.StartAsync(lostName, Host.LastStart.CrdDirectory, Host.LastStart.PhaseStep, CancellationToken.None);
        lost.Store.Put(SharedLocation(drWest));
        PutApplication(lost, shop, "shop-api");
        PutApplication(lost, books, "books-api");
        PutApplication(lost, cache, "cache");
        var registered = await server.AsPlatformEngineerAsync<RegisterCluster, Portal.Application.Common.Result<ClusterHealthView>>(u =>
            u.HandleAsync(new RegisterClusterCommand(lostName, "Edge site (browser test)", lost.Kubeconfig)));
        var lostId = registered.ValueOrThrow().ClusterId;
        Guid drWestId;
        string samId;
        var bindings = new List<Guid>();
        await using (var db = await OpenAllAsync())
        {
            var tenants = await db.Tenants.ToDictionaryAsync(t => t.Slug, t => t.Id);
            db.TenantNamespaces.Add(new TenantNamespace(tenants["webshop"], lostId, shop, DateTimeOffset.UtcNow, "e2e"));
            db.TenantNamespaces.Add(new TenantNamespace(tenants["billing"], lostId, books, DateTimeOffset.UtcNow, "e2e"));
            db.TenantNamespaces.Add(new TenantNamespace(tenants["webshop"], lostId, cache, DateTimeOffset.UtcNow, "e2e"));
            drWestId = await db.Clusters.Where(c => c.Name == "dr-west" && c.RetiredAt == null).Select(c => c.Id).SingleAsync();
            samId = (await db.Users.Where(u => u.ExternalId == "dev:sam").Select(u => u.Id).SingleAsync()).ToString();
            // Sam is the SRE on call for both clusters (a recovery needs an SRE of the estate or of both clusters).
            foreach (var cluster in new[] { lostId, drWestId })
            {
                var binding = new ScopeBinding(PrincipalKind.User, samId, Persona.SreEngineer, ScopeKind.Cluster, clusterId: cluster);
                db.ScopeBindings.Add(binding);
                bindings.Add(binding.Id);
            }
            await db.SaveChangesAsync();
        }
        try
        {
            PutBackup(lost, $"nightly-{shop}", shop, "prod-east");
            PutBackup(lost, $"nightly-{books}", books, "prod-east");
            string[] ours = [$"nightly-{shop}", $"nightly-{books}"];
            await UntilAsync(async () =>
            {
                await using var db = await OpenAllAsync();
                return await db.ObservedBackups.CountAsync(b => b.ClusterId == lostId && b.Phase == "Completed" && ours.Contains(b.Name)) == 2
                       && await db.ObservedLocations.AnyAsync(l => l.ClusterId == lostId && l.Name == "prod-east");
            }, "the portal's follower records the edge cluster's two backups and its locations");
            await UntilAsync(() => Task.FromResult(ours.All(n => drWest.Store.Get("velero.io/v1", "Backup", "velero", n) is not null)),
                "dr-west's Velero syncs the backups from the shared bucket");

            // The data centre burns down.
            lost.Faults.LoseForGood();
            var health = await server.AsPlatformEngineerAsync<CheckClusterConnection, Portal.Application.Common.Result<ClusterHealthView>>(u =>
                u.HandleAsync(new CheckClusterConnectionCommand(lostId)));
            Assert.Equal(ClusterHealth.Unreachable, health.ValueOrThrow().Health);

            // The SRE opens the lost cluster's page and its recovery.
            var sam = await server.SignInAsync("sam", 60_000);
            await sam.GotoAsync($"/clusters/{lostId}");
            await WaitForCircuitAsync(sam);
            await sam.GetByTestId("recover-cluster").ClickAsync();
            await Assertions.Expect(sam).ToHaveURLAsync(new Regex($"/clusters/{lostId}/recover$"));
            await WaitForCircuitAsync(sam);
            await Assertions.Expect(sam.GetByTestId("lost")).ToContainTextAsync($"{lostName} has been Unreachable");
            await Assertions.Expect(sam.GetByTestId("lost")).ToContainTextAsync("is never contacted");

            await sam.GetByTestId("replacement").ClickAsync();
            await sam.GetByRole(AriaRole.Option).Filter(new() { HasTextRegex = new Regex("^\\s*dr-west") }).ClickAsync();
            var table = sam.GetByTestId("recovery-candidates");
            await Assertions.Expect(table).ToBeVisibleAsync(new() { Timeout = 60_000 });
            var shopRow = table.Locator("tr").Filter(new() { Has = sam.GetByTestId($"recoverable-{shop}") });
            await Assertions.Expect(shopRow).ToContainTextAsync("Webshop");
            await Assertions.Expect(shopRow).ToContainTextAsync($"nightly-{shop}");
            await Assertions.Expect(shopRow).ToContainTextAsync("the replacement lists it");
            var booksRow = table.Locator("tr").Filter(new() { Has = sam.GetByTestId($"recoverable-{books}") });
            await Assertions.Expect(booksRow).ToContainTextAsync("Billing");
            await Assertions.Expect(booksRow).ToContainTextAsync($"nightly-{books}");
            var cacheRow = table.Locator("tr").Filter(new() { Has = sam.GetByTestId($"unrecoverable-{cache}") });
            await Assertions.Expect(cacheRow).ToContainTextAsync($"never saw a completed, unexpired backup of {cache} on {lostName}");
            // The RPO each had when the cluster was lost, in words (a column of its own).
            await Assertions.Expect(shopRow.Locator("td[data-label='RPO then']")).Not.ToBeEmptyAsync();
            await sam.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "cluster-recovery-plan.png"), FullPage = true });

            await sam.GetByTestId("waves").GetByText("Everything in one wave").ClickAsync();
            await sam.GetByTestId("create-recovery-plan").ClickAsync();
            await Assertions.Expect(sam).ToHaveURLAsync(new Regex("/migrations/[0-9a-f-]{36}$"));
            var planUrl = sam.Url;
            await WaitForCircuitAsync(sam);
            await Assertions.Expect(sam.Locator($"[data-testid=unrecoverable][data-namespace={cache}]")).ToBeVisibleAsync();
            var wave = sam.Locator("[data-testid=wave]").First;
            ILocator Row(IPage page, string ns) => page.Locator("[data-testid=wave]").First.Locator($"[data-testid=wave-app][data-namespace={ns}]");
            await Assertions.Expect(Row(sam, shop).GetByTestId("app-data-loss")).ToContainTextAsync($"From backup nightly-{shop}");
            await Assertions.Expect(Row(sam, books).GetByTestId("app-data-loss")).ToContainTextAsync("RPO when planned");

            // Billing asks its owners to acknowledge moves: Bob acknowledges the recovery of his application.
            if ((await Row(sam, books).GetByTestId("app-owner-ack").TextContentAsync())?.Contains("required", StringComparison.Ordinal) == true)
            {
                var bob = await server.SignInAsync("bob", 60_000);
                await bob.GotoAsync(planUrl);
                await WaitForCircuitAsync(bob);
                await Row(bob, books).ClickAsync();
                await bob.GetByTestId("app-panel").GetByTestId("acknowledge-move").ClickAsync();
                await Assertions.Expect(Row(bob, books).GetByTestId("app-owner-ack")).ToContainTextAsync("Bob");
                await bob.Context.CloseAsync();
            }
            foreach (var ns in new[] { shop, books })
            {
                await Row(sam, ns).ClickAsync();
                var panel = sam.GetByTestId("app-panel");
                await Assertions.Expect(panel).ToHaveAttributeAsync("data-namespace", ns);
                var acknowledge = panel.GetByTestId("acknowledge-warnings");
                if (await acknowledge.CountAsync() > 0)
                {
                    await acknowledge.ClickAsync();
                    await Assertions.Expect(panel.GetByTestId("warnings-acknowledged")).ToBeVisibleAsync();
                }
            }
            await Assertions.Expect(wave.GetByTestId("not-ready-reason")).ToHaveCountAsync(0);
            await wave.GetByTestId("submit-wave").ClickAsync();
            await Assertions.Expect(wave.GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", "PendingApproval");
            await Assertions.Expect(wave.GetByTestId("approve-wave")).ToHaveCountAsync(0); // nobody approves their own plan

            // A platform engineer approves it from her approvals.
            var priya = await server.SignInAsync("priya", 60_000);
            await priya.GotoAsync("/approvals");
            await WaitForCircuitAsync(priya);
            await priya.GetByTestId("wave-awaiting").Filter(new() { HasText = lostName }).GetByTestId("wave-awaiting-open").ClickAsync();
            await Assertions.Expect(priya).ToHaveURLAsync(planUrl);
            await WaitForCircuitAsync(priya);
            var priyasWave = priya.Locator("[data-testid=wave]").First;
            await priyasWave.GetByTestId("approve-wave").ClickAsync();
            await priya.GetByTestId("comment-submit").ClickAsync();
            await Assertions.Expect(priyasWave.GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", new Regex("Scheduled|Running|Completed"));

            // The SRE's board follows the run live: every application recovered, with the data it lost.
            Assert.Equal(planUrl, sam.Url);
            await Assertions.Expect(wave.GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 240_000 });
            foreach (var ns in new[] { shop, books })
            {
                await Assertions.Expect(Row(sam, ns).GetByTestId("app-status")).ToHaveAttributeAsync("data-status", "Moved");
                await Assertions.Expect(Row(sam, ns).GetByTestId("app-data-loss")).ToContainTextAsync(new Regex("^\\s*Data lost: .+ \\(backup of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)"));
            }
            await sam.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "cluster-recovery-board.png"), FullPage = true });

            // On the replacement: the namespaces with their workloads, handed to their tenants.
            Assert.NotNull(drWest.Store.Get("apps/v1", "Deployment", shop, "shop-api"));
            Assert.NotNull(drWest.Store.Get("apps/v1", "Deployment", books, "books-api"));
            Assert.Null(drWest.Store.Get("v1", "Namespace", null, cache));
            await using (var db = await OpenAllAsync())
            {
                var owners = await (from n in db.TenantNamespaces
                                    join t in db.Tenants on n.TenantId equals t.Id
                                    where n.ClusterId == drWestId && (n.Namespace == shop || n.Namespace == books)
                                    select new { n.Namespace, t.Slug }).ToDictionaryAsync(x => x.Namespace, x => x.Slug);
                Assert.Equal("webshop", owners[shop]);
                Assert.Equal("billing", owners[books]);
            }
            await sam.Context.CloseAsync();
            await priya.Context.CloseAsync();
        }
        finally
        {
            await using (var db = await OpenAllAsync())
            {
                await db.ScopeBindings.Where(b => bindings.Contains(b.Id)).ExecuteDeleteAsync();
            }
            // The other journeys expect the demo's two clusters only: the lost one is retired once recovered.
            await server.AsPlatformEngineerAsync<RetireCluster, Portal.Application.Common.Result<RetiredCluster>>(u =>
                u.HandleAsync(new RetireClusterCommand(lostId, Cascade: true, ConfirmName: lostName)));
        }
    }
}
