using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Tests;

/// <summary>The owner sees what a restore would do before asking for it: the demo cluster's Velero hands the backup's
/// resource list out through a DownloadRequest, and the form compares it with the target namespace as it is now.</summary>
[Collection(PortalServerCollection.Name)]
public class RestorePreviewJourneyTests(PortalServerFixture server)
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

    [Fact]
    public async Task Owner_SeesThePreview_BeforeSubmittingARestore()
    {
        var owner = await SignInAsync("alice");
        await owner.GotoAsync("/namespaces");
        await owner.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await owner.GetByTestId("cluster-group").Filter(new() { HasText = "prod-east" }).GetByTestId("restore-shop-frontend").ClickAsync();
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("/namespaces/[0-9a-f-]+/restore"));
        await owner.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(owner.GetByTestId("preview-hint")).ToBeVisibleAsync();

        await owner.Locator("[data-testid=backup-row][data-restorable=true]").First.Locator("[data-testid^=backup-option-]").ClickAsync();

        // into a new namespace (the form's default): everything is created
        var preview = owner.GetByTestId("restore-preview");
        await Assertions.Expect(preview.GetByTestId("preview-count-create")).ToBeVisibleAsync();
        await Assertions.Expect(preview.GetByTestId("preview-item").First).ToHaveAttributeAsync("data-outcome", "Create");
        await Assertions.Expect(preview.GetByTestId("preview-count-skip")).ToHaveCountAsync(0);

        // into the live namespace: what exists is skipped, and the table can show only that
        await owner.GetByTestId("target-same").ClickAsync();
        await Assertions.Expect(preview.GetByTestId("preview-count-skip")).ToBeVisibleAsync();
        await Assertions.Expect(preview.Locator("[data-testid=preview-item][data-kind=Deployment]").First).ToHaveAttributeAsync("data-outcome", "Skip");
        await Assertions.Expect(preview.GetByTestId("preview-volumes")).ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByTestId("submit-restore")).ToBeEnabledAsync();
        await owner.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "restore-preview.png"), FullPage = true });
    }
}
