using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Recovery;

namespace Portal.E2E.Tests;

/// <summary>A restore drill in a real browser against the demo's simulated cluster: Webshop's SRE opens shop-frontend on prod-east,
/// runs a drill of its latest good backup, follows it live on the drill page until it passed with its measured RTO against the
/// target, and finds it in the namespace's history and on the RTO chart.</summary>
[Collection(PortalServerCollection.Name)]
public class DrillJourneyTests(PortalServerFixture server)
{
    private async Task<IPage> SignInAsync(string user)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByTestId($"sign-in-{user}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        return page;
    }

    private async Task<T> QueryAsync<T>(Func<IPortalDbContext, Task<T>> query)
    {
        await using var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await query(db);
    }

    [Fact]
    public async Task Sre_RunsADrill_SeesItPassWithItsRto_AndTheChart()
    {
        // The demo drills shop-frontend when it starts: wait for that drill to end, so this one is not a duplicate of it.
        Guid? ns = null;
        for (var i = 0; i < 240; i++)
        {
            ns = await QueryAsync(db => (from n in db.TenantNamespaces
                                         join c in db.Clusters on n.ClusterId equals c.Id
                                         where n.Namespace == "shop-frontend" && c.Name == "prod-east"
                                         select (Guid?)n.Id).FirstOrDefaultAsync());
            var open = await QueryAsync(db => db.RestoreDrills.AnyAsync(d => d.Namespace == "shop-frontend"
                && (d.Status == DrillStatus.Pending || d.Status == DrillStatus.Restoring || d.Status == DrillStatus.Verifying)));
            if (ns is not null && !open) break;
            await Task.Delay(500);
        }
        Assert.NotNull(ns);

        var sam = await SignInAsync("sam");
        await sam.GotoAsync($"/namespaces/{ns}");
        await sam.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(sam.GetByTestId("drills-panel")).ToBeVisibleAsync();
        await sam.GetByTestId("drills-run-panel").GetByText("Run a drill now").ClickAsync();
        await Assertions.Expect(sam.GetByTestId("drill-run-submit")).ToBeEnabledAsync();
        await sam.GetByTestId("drill-run-submit").ClickAsync();

        await Assertions.Expect(sam).ToHaveURLAsync(new Regex("/drills/[0-9a-f-]{36}$"));
        // Live: never reloaded, the page follows the drill's request until it passed.
        await Assertions.Expect(sam.GetByTestId("drill-facts")).ToBeVisibleAsync();
        await Assertions.Expect(sam.GetByTestId("drill-header").GetByTestId("drill-status")).ToHaveTextAsync("Passed", new() { Timeout = 90_000 });
        await Assertions.Expect(sam.GetByTestId("drill-rto")).ToContainTextAsync("within the target of 30 minutes");
        await Assertions.Expect(sam.GetByTestId("drill-backup")).ToContainTextAsync("(latest good), taken");
        await Assertions.Expect(sam.GetByTestId("drill-cleanup")).ToContainTextAsync("Removed", new() { Timeout = 90_000 });

        await sam.GotoAsync($"/namespaces/{ns}");
        await sam.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(sam.GetByTestId("drill-history-link")).ToHaveCountAsync(2); // the demo's drill and this one
        await Assertions.Expect(sam.GetByTestId("drill-rto-chart")).ToHaveAttributeAsync("data-points", "2");
        await Assertions.Expect(sam.GetByTestId("drill-rto-chart").Locator("svg")).ToBeVisibleAsync();
        await sam.Context.CloseAsync();
    }
}
