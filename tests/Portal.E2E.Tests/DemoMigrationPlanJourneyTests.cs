using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Tests;

/// <summary>The demo's seeded plan in a real browser, through all three families of playbook: Billing's owner
/// acknowledges the move of reports (the tenant's policy asks for it), the architect acknowledges the preflight's
/// warnings and submits, a platform engineer approves; catalog (export/transform/apply), reports (Velero through the
/// shared backup location, fast-ssd mapped to premium-ssd) and storefront (Argo CD) all move; then the architect rolls
/// storefront back and the board shows it rolled back.</summary>
[Collection(PortalServerCollection.Name)]
public class DemoMigrationPlanJourneyTests(PortalServerFixture server)
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

    private static async Task<string> OpenDemoPlanAsync(IPage page)
    {
        await page.GotoAsync("/migrations");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.GetByTestId("plan-link").Filter(new() { HasText = "prod-east to dr-west" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/migrations/[0-9a-f-]{36}$"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page.Url;
    }

    private static ILocator Wave(IPage page) => page.Locator("[data-testid=wave]").First;

    private static ILocator Row(IPage page, string ns) => Wave(page).Locator($"[data-testid=wave-app][data-namespace={ns}]");

    [Fact]
    public async Task SeededPlan_OwnerAcknowledges_ArchitectSubmits_PlatformApproves_AllMove_ThenOneRollsBack()
    {
        // Bob (Billing's owner) sees only his application of the plan, and acknowledges its move.
        var bob = await SignInAsync("bob");
        await OpenDemoPlanAsync(bob);
        await Assertions.Expect(Wave(bob).Locator("[data-testid=wave-app]")).ToHaveCountAsync(1);
        await Row(bob, "reports").ClickAsync();
        await bob.GetByTestId("app-panel").GetByTestId("acknowledge-move").ClickAsync();
        await Assertions.Expect(Row(bob, "reports").GetByTestId("app-owner-ack")).ToContainTextAsync("Bob");

        // Maria sees the three applications as the demo classified them, acknowledges warnings and submits.
        var maria = await SignInAsync("maria");
        var planUrl = await OpenDemoPlanAsync(maria);
        await Assertions.Expect(Wave(maria).Locator("[data-testid=wave-app]")).ToHaveCountAsync(3);
        await Assertions.Expect(Row(maria, "storefront").GetByTestId("app-playbook")).ToContainTextAsync("GitOps redeploy");
        await Assertions.Expect(Row(maria, "reports").GetByTestId("app-playbook")).ToContainTextAsync("Velero");
        foreach (var ns in new[] { "catalog", "reports", "storefront" })
        {
            await Row(maria, ns).ClickAsync();
            var panel = maria.GetByTestId("app-panel");
            await Assertions.Expect(panel).ToHaveAttributeAsync("data-namespace", ns);
            var acknowledge = panel.GetByTestId("acknowledge-warnings");
            if (await acknowledge.CountAsync() > 0)
            {
                await acknowledge.ClickAsync();
                await Assertions.Expect(panel.GetByTestId("warnings-acknowledged")).ToBeVisibleAsync();
            }
        }
        await Assertions.Expect(Wave(maria).GetByTestId("not-ready-reason")).ToHaveCountAsync(0);
        await Wave(maria).GetByTestId("submit-wave").ClickAsync();
        await Assertions.Expect(Wave(maria).GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", "PendingApproval");

        var priya = await SignInAsync("priya");
        await priya.GotoAsync(planUrl);
        await priya.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Wave(priya).GetByTestId("approve-wave").ClickAsync();
        await priya.GetByTestId("comment-submit").ClickAsync();

        // Maria's page follows the wave live: every application moves, each by its playbook.
        await Assertions.Expect(Wave(maria).GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 300_000 });
        foreach (var ns in new[] { "catalog", "reports", "storefront" })
            await Assertions.Expect(Row(maria, ns).GetByTestId("app-status")).ToHaveAttributeAsync("data-status", "Moved");
        await maria.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "migration-demo-wave-moved.png"), FullPage = true });

        // Roll storefront back: reason and its name typed; the board shows the rollback steps and the end state.
        var storefront = maria.Locator("[data-testid=app-panel][data-namespace=storefront]");
        if (await storefront.CountAsync() == 0) await Row(maria, "storefront").ClickAsync(); // a second click would close it
        await storefront.GetByTestId("rollback-app").ClickAsync();
        await maria.Locator("[data-testid=rollback-reason] textarea, [data-testid=rollback-reason] input, textarea[data-testid=rollback-reason], input[data-testid=rollback-reason]").First
            .FillAsync("the DR site's ingress is not ready for the shop");
        await maria.Locator("[data-testid=rollback-confirm-name] input, input[data-testid=rollback-confirm-name]").First.FillAsync("storefront");
        await maria.GetByTestId("rollback-submit").ClickAsync();
        await Assertions.Expect(Row(maria, "storefront").GetByTestId("app-status")).ToHaveAttributeAsync("data-status", "RolledBack", new() { Timeout = 180_000 });
        await Assertions.Expect(Wave(maria).GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", "CompletedWithProblems", new() { Timeout = 30_000 }); // the dispatcher notices within a round
        await Assertions.Expect(Row(maria, "catalog").GetByTestId("app-status")).ToHaveAttributeAsync("data-status", "Moved");
        await maria.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "migration-demo-rollback.png"), FullPage = true });
    }
}
