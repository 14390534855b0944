using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Tests;

/// <summary>A migration wave in a real browser, against the demo's simulated prod-east and dr-west: the architect plans
/// a wave whose window is open now with the Flux-managed application in namespace inventory, runs the preflight,
/// acknowledges its warnings and submits; a platform engineer finds the wave under Approvals and approves it; the architect's page (never reloaded) shows
/// the wave completed and the application moved. The executor and the wave dispatcher carry it out on the simulator.</summary>
[Collection(PortalServerCollection.Name)]
public class MigrationWaveJourneyTests(PortalServerFixture server)
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

    private static ILocator Field(ILocator scope, string testId) =>
        scope.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    private static async Task WaitForCircuitAsync(IPage page) => await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

    [Fact]
    public async Task ArchitectPlansAWave_PlatformEngineerApproves_BoardShowsTheApplicationMoved()
    {
        var maria = await SignInAsync("maria");
        await maria.GotoAsync("/migrations");
        await WaitForCircuitAsync(maria);
        await maria.GetByTestId("new-plan").ClickAsync();
        var dialog = maria.Locator("body"); // MudDialog keeps its test id off the actions
        var planName = $"e2e-dr-{Guid.NewGuid().ToString("N")[..6]}";
        await Field(dialog, "plan-name").FillAsync(planName);
        await Field(dialog, "plan-description").FillAsync("Move inventory to the DR site, from the browser test");
        await dialog.GetByTestId("plan-source").ClickAsync();
        await maria.GetByRole(AriaRole.Option, new() { Name = "prod-east" }).ClickAsync();
        await dialog.GetByTestId("plan-target").ClickAsync();
        await maria.GetByRole(AriaRole.Option, new() { Name = "dr-west" }).ClickAsync();
        await dialog.GetByTestId("new-plan-submit").ClickAsync();

        await Assertions.Expect(maria).ToHaveURLAsync(new Regex("/migrations/[0-9a-f-]{36}$"));
        await Assertions.Expect(maria.GetByTestId("plan-route")).ToHaveTextAsync(new Regex("prod-east\\s*→\\s*dr-west"));
        var planUrl = maria.Url;
        await WaitForCircuitAsync(maria);

        // A wave whose window opened ten minutes ago and closes in three hours.
        await maria.GetByTestId("add-wave").ClickAsync();
        var waveDialog = maria.Locator("body");
        var start = DateTime.UtcNow.AddMinutes(-10);
        var end = DateTime.UtcNow.AddHours(3);
        await Field(waveDialog, "wave-name").FillAsync("wave-1");
        await Field(waveDialog, "wave-start-date").FillAsync(start.ToString("yyyy-MM-dd"));
        await Field(waveDialog, "wave-start-time").FillAsync(start.ToString("HH:mm"));
        await Field(waveDialog, "wave-end-date").FillAsync(end.ToString("yyyy-MM-dd"));
        await Field(waveDialog, "wave-end-time").FillAsync(end.ToString("HH:mm"));
        await waveDialog.GetByTestId("wave-submit").ClickAsync();
        var wave = maria.Locator("[data-testid=wave][data-wave=wave-1]");
        await Assertions.Expect(wave.GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", "Draft");

        // inventory is deployed by a Flux Kustomization: the only GitOps object found is preselected.
        await wave.GetByTestId("add-application").ClickAsync();
        var candidate = maria.Locator("[data-testid=candidate][data-namespace=inventory]");
        await Assertions.Expect(candidate.GetByTestId("candidate-gitops")).ToContainTextAsync("Flux Kustomization flux-system/inventory");
        await candidate.GetByTestId("add-candidate-inventory").ClickAsync();
        await Assertions.Expect(candidate.GetByTestId("candidate-added")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await maria.GetByTestId("add-application-done").ClickAsync();
        var row = wave.Locator("[data-testid=wave-app][data-namespace=inventory]");
        await Assertions.Expect(row.GetByTestId("app-preflight")).ToHaveTextAsync("not run");

        await wave.GetByTestId("wave-preflight").ClickAsync();
        await Assertions.Expect(row.GetByTestId("preflight-errors")).ToHaveTextAsync("0 error(s)", new() { Timeout = 60_000 });
        await row.ClickAsync();
        var panel = maria.GetByTestId("app-panel");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        var acknowledge = panel.GetByTestId("acknowledge-warnings");
        if (await acknowledge.CountAsync() > 0)
        {
            await acknowledge.ClickAsync();
            await Assertions.Expect(panel.GetByTestId("warnings-acknowledged")).ToBeVisibleAsync();
        }
        await Assertions.Expect(panel.GetByTestId("manifests-count")).ToContainTextAsync("object(s)");
        await panel.GetByTestId("view-yaml").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("manifests-yaml")).ToContainTextAsync("kind: Deployment");
        var download = await maria.RunAndWaitForDownloadAsync(() => panel.GetByTestId("download-yaml").ClickAsync());
        Assert.Equal("inventory-to-inventory.yaml", download.SuggestedFilename);
        Assert.Contains("inventory-api", await File.ReadAllTextAsync(await download.PathAsync()));

        await Assertions.Expect(wave.GetByTestId("not-ready-reason")).ToHaveCountAsync(0);
        await wave.GetByTestId("submit-wave").ClickAsync();
        await Assertions.Expect(wave.GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", "PendingApproval");
        await Assertions.Expect(wave.GetByTestId("approve-wave")).ToHaveCountAsync(0); // four eyes

        await maria.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "migration-wave-submitted.png"), FullPage = true });

        // The platform engineer finds the wave among their approvals and decides on the plan's page.
        var priya = await SignInAsync("priya");
        await priya.GotoAsync("/approvals");
        await WaitForCircuitAsync(priya);
        await priya.GetByTestId("wave-awaiting").Filter(new() { HasText = planName }).GetByTestId("wave-awaiting-open").ClickAsync();
        await Assertions.Expect(priya).ToHaveURLAsync(planUrl);
        await WaitForCircuitAsync(priya);
        var priyasWave = priya.Locator("[data-testid=wave][data-wave=wave-1]");
        await priyasWave.GetByTestId("approve-wave").ClickAsync();
        await priya.GetByTestId("comment-submit").ClickAsync();
        await Assertions.Expect(priyasWave.GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", new Regex("Scheduled|Running|Completed"));

        // The architect's page follows the run live: no reload.
        Assert.Equal(planUrl, maria.Url);
        await Assertions.Expect(wave.GetByTestId("wave-status")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 180_000 });
        await Assertions.Expect(row.GetByTestId("app-status")).ToHaveAttributeAsync("data-status", "Moved");
        await Assertions.Expect(row.GetByTestId("app-progress")).ToHaveTextAsync("8/8");
        await Assertions.Expect(panel.Locator("[data-testid=app-steps] [data-testid=step][data-status=Running]")).ToHaveCountAsync(0);
        await maria.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "migration-wave-journey.png"), FullPage = true });
    }
}
