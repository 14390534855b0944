using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Portal.E2E.Tests;

/// <summary>The real portal on Kestrel (dynamic loopback port) with the embedded default: SQLite in a temp
/// folder, development sign-in, and the demo's simulated clusters; plus headless Debian Chromium.</summary>
public sealed class PortalServerFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("portal-e2e-").FullName;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public Uri BaseUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The app's own services (to read what the demo's simulated clusters use as credentials).</summary>
    public IServiceProvider AppServices => _factory!.Services;

    public async Task InitializeAsync()
    {
        // Environment variables, because Program reads configuration before the host is built.
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(_data, "portal.db")}",
            ["Demo__Enabled"] = "true",
            ["Demo__PhaseStepDelay"] = "00:00:00.150",
            ["Execution__PollInterval"] = "00:00:00.300",
        };
        foreach (var (key, value) in settings) Environment.SetEnvironmentVariable(key, value);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseUrls("http://127.0.0.1:0");
        });
        _factory.UseKestrel();
        _factory.StartServer();
        BaseUrl = _factory.ClientOptions.BaseAddress;

        var chromium = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium is not installed at {chromium}. Install Debian's package: apt-get install -y chromium (the test runner does this).");
        // A page that reads a cluster live may take more than Playwright's 5 s on a loaded CI machine; a real failure still fails.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        // The first page of a fresh server compiles Blazor's and MudBlazor's code paths and meets the demo's startup work
        // (seeded requests running): open one interactive page before any journey, so the first journey is not timed on that.
        var warmUp = await SignInAsync("sofia", 120_000);
        await warmUp.GotoAsync("/requests");
        await WaitForCircuitAsync(warmUp);
        await warmUp.Context.CloseAsync();
    }

    /// <summary>A new browser context signed in as the development user <paramref name="user"/> (alice, sam, priya, ...).</summary>
    public async Task<IPage> SignInAsync(string user, float timeout = 30_000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl.ToString() });
        context.SetDefaultTimeout(timeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByTestId($"sign-in-{user}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>MudBlazor puts extra attributes on the input itself or on its wrapper, depending on the component.</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// <summary>Blazor Server ignores clicks until its circuit is connected.</summary>
    public static Task WaitForCircuitAsync(IPage page) => page.WaitForLoadStateAsync(LoadState.NetworkIdle);

    /// <summary>Runs a use case of the app as the demo's platform engineer (as the demo registers its own clusters): for a
    /// test's setting up and tidying, never for the steps a journey checks in the browser.</summary>
    public async Task<TResult> AsPlatformEngineerAsync<TUseCase, TResult>(Func<TUseCase, Task<TResult>> run) where TUseCase : notnull
    {
        string priyaId;
        await using (var db = await AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
            priyaId = (await db.Users.Where(u => u.ExternalId == "dev:priya").Select(u => u.Id).SingleAsync()).ToString();
        await using var scope = AppServices.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal =
            new CurrentPrincipal(priyaId, "Priya Platform", "priya@platform.example", []);
        return await run(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { Directory.Delete(_data, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalServerCollection : ICollectionFixture<PortalServerFixture>
{
    public const string Name = "portal server";
}
