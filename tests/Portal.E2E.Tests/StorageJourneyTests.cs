using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Tests;

/// <summary>A storage administrator in a real browser against the demo's simulated clusters: Sofia, bound to prod-east, opens
/// Storage from the menu and finds the class whose claims cannot be snapshotted (the demo's EFS class shared-files), with the
/// claims on it and the tenants that own them.</summary>
[Collection(PortalServerCollection.Name)]
public class StorageJourneyTests(PortalServerFixture server)
{
    [Fact]
    public async Task StorageAdmin_OpensStorage_FindsTheClassWithoutSnapshots()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByTestId("sign-in-sofia").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();

        await page.GetByTestId("nav-storage").ClickAsync();
        var section = page.Locator("[data-testid=storage-cluster-section][data-cluster=prod-east]");
        // The first live read of the cluster's storage in this run meets the demo's startup work on the simulated clusters (seeded
        // requests, snapshots and drills running): on a loaded CI machine that read has taken over 15 s. A page that never shows the
        // section (an error, an empty list) still fails, and the failure prints what the page showed.
        await Assertions.Expect(section).ToBeVisibleAsync(new() { Timeout = 45_000 });
        // bound to prod-east only: no other cluster's storage
        await Assertions.Expect(page.GetByTestId("storage-cluster-section")).ToHaveCountAsync(1);

        var none = section.Locator("[data-testid=storage-class-row][data-snapshots=none]");
        await Assertions.Expect(none).ToHaveCountAsync(1);
        await Assertions.Expect(none).ToHaveAttributeAsync("data-class", "shared-files");
        await Assertions.Expect(none).ToContainTextAsync("No snapshots possible: no VolumeSnapshotClass has driver efs.csi.aws.com.");

        // the claims that cannot be snapshotted are listed first, with why
        var claims = section.GetByTestId("storage-claims");
        await Assertions.Expect(claims.GetByTestId("storage-claim-why").First).ToContainTextAsync(new Regex("cannot be snapshotted|No VolumeSnapshotClass"));
        await Assertions.Expect(claims).ToContainTextAsync("shared-files");
        await context.CloseAsync();
    }
}
