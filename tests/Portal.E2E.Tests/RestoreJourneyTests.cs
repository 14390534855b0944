using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Tests;

/// <summary>The main journey in a real browser: the owner asks for a restore, an SRE approves it in their own
/// browser, and the owner's request page (left open, never reloaded) shows it succeed.</summary>
[Collection(PortalServerCollection.Name)]
public class RestoreJourneyTests(PortalServerFixture server)
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

    /// <summary>MudBlazor puts extra attributes on the input itself or on its wrapper, depending on the component.</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// <summary>Blazor Server ignores clicks until its circuit is connected.</summary>
    private static async Task WaitForCircuitAsync(IPage page) => await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

    [Fact]
    public async Task OwnerAsksForRestore_SreApproves_OwnerSeesItSucceed()
    {
        var owner = await SignInAsync("alice");
        await owner.GotoAsync("/namespaces");
        await WaitForCircuitAsync(owner);
        var prodEast = owner.GetByTestId("cluster-group").Filter(new() { HasText = "prod-east" });
        await prodEast.GetByTestId("restore-shop-frontend").ClickAsync();

        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("/namespaces/[0-9a-f-]+/restore"));
        await WaitForCircuitAsync(owner);
        var restorable = owner.Locator("[data-testid=backup-row][data-restorable=true]").First;
        await restorable.Locator("[data-testid^=backup-option-]").ClickAsync();
        await owner.GetByTestId("target-new").ClickAsync();
        var target = $"shop-frontend-e2e-{Guid.NewGuid().ToString("N")[..6]}";
        await Field(owner, "target-namespace").FillAsync(target);
        await Field(owner, "reason").FillAsync("restore rehearsal from the browser test");
        await owner.GetByTestId("submit-restore").ClickAsync();

        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("/requests/[0-9a-f-]{36}$"));
        var status = owner.GetByTestId("request-status").First;
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "PendingApproval");
        await Assertions.Expect(owner.GetByTestId("waiting-for")).ToBeVisibleAsync();
        var requestUrl = owner.Url;

        var sre = await SignInAsync("sam");
        await sre.GotoAsync("/approvals");
        await WaitForCircuitAsync(sre);
        var item = sre.GetByTestId("approval-item").Filter(new() { HasText = target });
        await item.GetByTestId("approve-button").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);

        // The owner's page updates live: no reload.
        Assert.Equal(requestUrl, owner.Url);
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(owner.GetByTestId("request-timeline")).ToContainTextAsync("Approved by Sam Reliability");
        await Assertions.Expect(owner.GetByTestId("request-timeline")).ToContainTextAsync("Completed");
        await owner.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "restore-journey.png"), FullPage = true });
    }
}
