using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Tests;

/// <summary>The DB engineer's journey in a real browser, against the demo's simulated prod-east: register the
/// CloudNativePG database shop-db found in shop-payments, schedule pg_dump to a new volume claim from the form, press
/// "Dump now" and watch the dump appear on the database page (never reloaded) as succeeded, with its size.
/// The executor carries the schedule and the dump out on the simulator.</summary>
[Collection(PortalServerCollection.Name)]
public class DatabaseDumpJourneyTests(PortalServerFixture server)
{
    private async Task<IPage> SignInAsync(string user)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByTestId($"sign-in-{user}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    private static async Task WaitForCircuitAsync(IPage page) => await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

    /// <summary>Opens shop-db's page, registering it from discovery first when an earlier test has not.</summary>
    private static async Task OpenShopDbAsync(IPage dan)
    {
        await dan.GotoAsync("/databases");
        await WaitForCircuitAsync(dan);
        var link = dan.Locator("[data-testid=database-row][data-database=shop-db] [data-testid=database-link]");
        if (await dan.GetByTestId("databases-table").CountAsync() == 0 || await link.CountAsync() == 0)
        {
            await dan.GetByTestId("register-database").ClickAsync();
            await Assertions.Expect(dan).ToHaveURLAsync(new Regex("/databases/register$"));
            await WaitForCircuitAsync(dan);
            await dan.GetByTestId("database-namespace").ClickAsync();
            await dan.GetByRole(AriaRole.Option, new() { Name = "prod-east / shop-payments (Webshop)" }).ClickAsync();
            await dan.GetByTestId("discover-databases").ClickAsync();
            var candidate = dan.Locator("[data-testid=candidate][data-source-object$='shop-db']");
            await candidate.GetByRole(AriaRole.Button, new() { Name = "Use this" }).ClickAsync();
            await Assertions.Expect(Field(dan, "database-name")).ToHaveValueAsync("shop-db");
            await dan.GetByTestId("submit-database").ClickAsync();
            await Assertions.Expect(dan).ToHaveURLAsync(new Regex("/databases$"));
        }
        await link.ClickAsync();
        await Assertions.Expect(dan).ToHaveURLAsync(new Regex("/databases/[0-9a-f-]{36}$"));
        await Assertions.Expect(dan.GetByTestId("database-title")).ToHaveTextAsync("shop-db");
        await WaitForCircuitAsync(dan);
    }

    [Fact]
    public async Task DbEngineer_SchedulesPgDumpToANewClaim_DumpsNow_SeesTheDumpSucceedWithItsSize()
    {
        var dan = await SignInAsync("dan");
        await OpenShopDbAsync(dan);
        Assert.DoesNotContain("s3cr3t", await dan.ContentAsync()); // the simulator's Secrets hold values; the page never shows any

        await dan.GetByTestId("new-schedule").ClickAsync();
        await Assertions.Expect(dan).ToHaveURLAsync(new Regex("/schedules/new$"));
        await WaitForCircuitAsync(dan);
        var name = $"e2e-{Guid.NewGuid().ToString("N")[..6]}";
        await Field(dan, "schedule-name").FillAsync(name);
        await dan.GetByTestId("method-native").ClickAsync();
        await dan.GetByTestId("pg-format-custom").ClickAsync();
        await dan.GetByTestId("destination-new-claim").ClickAsync();
        await Field(dan, "pvc-name").FillAsync($"{name}-dumps");
        await Field(dan, "pvc-storage-class").FillAsync("standard");
        await Field(dan, "pvc-size").FillAsync("5");
        await Field(dan, "cron-expression").FillAsync("30 1 * * *");
        await Assertions.Expect(dan.GetByTestId("cron-run")).ToHaveCountAsync(5);
        await Field(dan, "reason").FillAsync("nightly logical backups, from the browser test");
        await dan.GetByTestId("submit-schedule").ClickAsync();

        await Assertions.Expect(dan).ToHaveURLAsync(new Regex("/databases/[0-9a-f-]{36}$"));
        var card = dan.Locator($"[data-testid=schedule-card][data-schedule={name}]");
        await Assertions.Expect(card.GetByTestId("schedule-state")).ToHaveAttributeAsync("data-state", "Active", new() { Timeout = 60_000 });
        await Assertions.Expect(card.GetByTestId("schedule-next-run")).ToHaveCountAsync(5);
        var pageUrl = dan.Url;

        var before = await dan.Locator("[data-testid=dumps-table] [data-testid=dump-status]").CountAsync();
        await card.GetByTestId("dump-now").ClickAsync();

        // The page updates live: the dump appears, runs and succeeds without a reload.
        var newest = dan.Locator("[data-testid=dumps-table] tbody tr").Filter(new() { Has = dan.GetByTestId("dump-status") }).First;
        await Assertions.Expect(dan.Locator("[data-testid=dumps-table] [data-testid=dump-status]")).ToHaveCountAsync(before + 1, new() { Timeout = 60_000 });
        await Assertions.Expect(newest.GetByTestId("dump-status")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(newest.GetByTestId("dump-size")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? (B|KiB|MiB|GiB)$"));
        Assert.Equal(pageUrl, dan.Url);
        await Assertions.Expect(dan.GetByTestId("database-requests")).ToContainTextAsync($"Dump shop-db now (schedule {name})");
        await dan.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "database-dump-journey.png"), FullPage = true });
    }

    [Fact]
    public async Task ApplicationOwner_SeesTheDatabasePageWithoutManageActions()
    {
        var dan = await SignInAsync("dan");
        await OpenShopDbAsync(dan);
        var url = dan.Url;
        await dan.Context.CloseAsync();

        var alice = await SignInAsync("alice");
        await alice.GotoAsync(url);
        await Assertions.Expect(alice.GetByTestId("database-title")).ToHaveTextAsync("shop-db");
        await Assertions.Expect(alice.GetByTestId("database-facts")).ToContainTextAsync("shop-db-app");
        foreach (var action in new[] { "new-schedule", "dump-now", "remove-schedule", "restore-dump", "rpo-setter" })
            await Assertions.Expect(alice.GetByTestId(action)).ToHaveCountAsync(0);
        await alice.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "database-page-owner.png"), FullPage = true });
        await alice.Context.CloseAsync();
    }
}
