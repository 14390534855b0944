using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.E2E.Tests;

/// <summary>axe-core (WCAG 2.0/2.1 A and AA rules) on every page of the portal (one per <c>@page</c> directive that a
/// user reaches), each visited as the persona that may see it. Any critical or serious violation fails the test, and
/// the message names the page, the rule and the element. One browser, one tab per persona, one visit per route.
/// On the way it checks what axe cannot: the skip link, the breadcrumbs' focus indicator, the time-zone list closing
/// when the focus leaves, and no tab stop in read-only content.</summary>
[Collection(PortalServerCollection.Name)]
public class AccessibilityTests(PortalServerFixture server)
{
    private static readonly AxeRunOptions WcagAandAA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private readonly List<string> _failures = [];
    private readonly List<string> _visited = [];

    private async Task<IPage> SignInAsync(string? user)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl.ToString(),
            ReducedMotion = ReducedMotion.Reduce, // colours are measured after transitions, not halfway through a fade
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        if (user is null) return page;
        await page.GotoAsync("/account/signin");
        await page.GetByTestId($"sign-in-{user}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    /// <summary>Opens <paramref name="path"/> (unless <paramref name="path"/> is null: the page as it is now), waits for
    /// the circuit and the data, and records every critical or serious violation.</summary>
    private async Task CheckAsync(IPage page, string name, string? path = null, string? readyTestId = null)
    {
        if (path is not null)
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        if (readyTestId is not null) await Assertions.Expect(page.GetByTestId(readyTestId).First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-progress-circular, .mud-skeleton")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        var result = await page.RunAxe(WcagAandAA);
        _visited.Add(name);
        foreach (var rule in result.Violations.Where(v => v.Impact is "critical" or "serious"))
            foreach (var node in rule.Nodes)
                _failures.Add($"{name} ({new Uri(page.Url).PathAndQuery}): {rule.Id} [{rule.Impact}] {rule.Help}\n" +
                              $"    element: {node.Target}  {Trim(node.Html)}\n    " +
                              string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message)));
    }

    private void Expect(bool ok, string page, string what)
    {
        if (!ok) _failures.Add($"{page}: keyboard: {what}");
    }

    private static Task<string> ActiveAsync(IPage page) => page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; return e ? (e.outerHTML || '').slice(0, 160) : ''; }");

    /// <summary>From the top of the page: the first Tab reaches the skip link, Enter moves the focus to the page's
    /// content (without leaving the page), and the next Tab reaches the first breadcrumb, which shows a focus ring.</summary>
    private async Task CheckSkipLinkAndBreadcrumbFocusAsync(IPage page, string name)
    {
        var url = page.Url;
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await page.Keyboard.PressAsync("Tab");
        Expect(await page.EvaluateAsync<bool>("() => document.activeElement?.classList.contains('skip-link') === true"), name,
            $"the first Tab stop should be the skip link, it is {await ActiveAsync(page)}");
        await page.Keyboard.PressAsync("Enter");
        Expect(await page.EvaluateAsync<bool>("() => document.activeElement?.id === 'main-content'"), name,
            $"the skip link should move the focus to the main content, it is on {await ActiveAsync(page)}");
        Expect(page.Url == url, name, $"the skip link navigated away to {page.Url}");
        // Focus the first breadcrumb by keyboard from the main content (or directly, when the skip link failed above).
        await page.Keyboard.PressAsync("Tab");
        if (!await page.EvaluateAsync<bool>("() => !!document.activeElement?.closest('.mud-breadcrumbs')"))
        {
            await page.Locator(".mud-breadcrumbs a[href]").First.FocusAsync();
            Expect(false, name, "the Tab after the skip link should reach the first breadcrumb");
        }
        var ring = await page.EvaluateAsync<string>("""
            () => { const e = document.activeElement;
                    if (!e || !e.closest('.mud-breadcrumbs')) return 'not a breadcrumb: ' + (e?.outerHTML || '').slice(0, 120);
                    const s = getComputedStyle(e);
                    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 ? 'ok' : 'no focus indicator (outline ' + s.outline + ')'; }
            """);
        Expect(ring == "ok", name, $"a focused breadcrumb link shows a visible focus indicator: {ring}");
    }

    /// <summary>Typing a time zone and tabbing away closes the list (also when the search answers after the Tab), and
    /// the read-only preview of the next runs holds no tab stop.</summary>
    private async Task CheckTimeZoneFieldAsync(IPage page, string name)
    {
        var zone = Field(page, "cron-timezone");
        var items = page.Locator(".mud-popover-open .mud-list-item");
        await zone.ClickAsync();
        await zone.PressAsync("Control+a");
        await zone.PressSequentiallyAsync("Europe/B", new() { Delay = 30 });
        await Assertions.Expect(items.First).ToBeVisibleAsync();
        // One more letter and Tab at once: the search answers after the focus has left.
        await zone.PressSequentiallyAsync("e");
        await page.Keyboard.PressAsync("Tab");
        await page.WaitForTimeoutAsync(2_000); // past the field's debounce and the search
        var open = await items.CountAsync();
        Expect(open == 0, name, $"the time-zone list stays open ({open} items shown) after tabbing away from the field");
        // Opened with its button, then Tab: the list closes too.
        var toggle = page.Locator("[data-testid=cron-timezone] button.mud-input-adornment-icon-button, " +
                                  ".mud-input-control:has(input[data-testid=cron-timezone]) button.mud-input-adornment-icon-button").First;
        await toggle.ClickAsync();
        await Assertions.Expect(items.First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.WaitForTimeoutAsync(1_500);
        open = await items.CountAsync();
        Expect(open == 0, name, $"the time-zone list opened with its button stays open ({open} items shown) after tabbing away");
        await zone.FillAsync("Etc/UTC");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("cron-run").First).ToBeVisibleAsync();
        var stops = await page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('[data-testid=cron-run], [data-testid=cron-run] *')].filter(e => e.tabIndex >= 0).length");
        Expect(stops == 0, name, $"the next-runs preview (read only) holds {stops} tab stops");
    }

    private static string Trim(string html) => html.Length <= 240 ? html : html[..240] + "...";

    private async Task<T> QueryAsync<T>(Func<IPortalDbContext, Task<T>> query)
    {
        var factory = server.AppServices.GetRequiredService<IPortalDbContextFactory>();
        await using var db = await factory.CreateAsync(TenantScope.Everything);
        return await query(db);
    }

    [Fact]
    public async Task EveryPage_HasNoCriticalOrSeriousViolations()
    {
        // The demo seeds in the background after start: wait for the namespaces it gives to Webshop.
        Guid? shopFrontend = null;
        for (var i = 0; shopFrontend is null && i < 120; i++)
        {
            shopFrontend = await QueryAsync(db => db.TenantNamespaces.Where(n => n.Namespace == "shop-frontend")
                .Select(n => (Guid?)n.Id).FirstOrDefaultAsync());
            if (shopFrontend is null) await Task.Delay(500);
        }
        Assert.NotNull(shopFrontend);
        var webshop = await QueryAsync(db => db.Tenants.Where(t => t.Slug == "webshop").Select(t => t.Id).SingleAsync());
        var cluster = await QueryAsync(db => db.Clusters.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync());

        // Signed out: the sign-in page.
        var anonymous = await SignInAsync(null);
        await CheckAsync(anonymous, "sign-in", "/account/signin", "sign-in-alice");
        await anonymous.Context.CloseAsync();

        // Application owner: namespaces, backups of one, both forms, requests and the request just made.
        var alice = await SignInAsync("alice");
        await CheckAsync(alice, "home", "/");
        await CheckAsync(alice, "namespaces", "/namespaces", "cluster-group");
        await CheckAsync(alice, "namespace backups", $"/namespaces/{shopFrontend}");
        await CheckSkipLinkAndBreadcrumbFocusAsync(alice, "namespace backups");
        await CheckAsync(alice, "new restore", $"/namespaces/{shopFrontend}/restore");
        await CheckAsync(alice, "new backup", $"/namespaces/{shopFrontend}/backup", "backup-form");
        await Field(alice, "reason").FillAsync($"accessibility check {Guid.NewGuid():N}");
        await alice.GetByTestId("submit-backup").ClickAsync();
        await Assertions.Expect(alice).ToHaveURLAsync(new Regex("/requests/[0-9a-f-]{36}$"));
        await alice.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await CheckAsync(alice, "request", readyTestId: "request-status");
        await CheckAsync(alice, "requests", "/requests", "requests-grid");
        await CheckAsync(alice, "access tokens", "/access-tokens", "token-create");
        await alice.Context.CloseAsync();

        // SRE: approvals (the backup above may wait there); a namespace's drills with the run form open; a drill; the evidence report.
        var sam = await SignInAsync("sam");
        await CheckAsync(sam, "approvals", "/approvals");
        Guid? drill = null;
        for (var i = 0; drill is null && i < 240; i++)
        {
            drill = await QueryAsync(db => db.RestoreDrills.Where(d => d.Status == Portal.Domain.Recovery.DrillStatus.Passed).Select(d => (Guid?)d.Id).FirstOrDefaultAsync());
            if (drill is null) await Task.Delay(500);
        }
        Assert.NotNull(drill);
        var drilled = await QueryAsync(db => (from d in db.RestoreDrills
                                              join n in db.TenantNamespaces on new { d.ClusterId, d.Namespace } equals new { n.ClusterId, n.Namespace }
                                              where d.Id == drill
                                              select n.Id).SingleAsync());
        await CheckAsync(sam, "namespace drills", $"/namespaces/{drilled}", "drill-history-table");
        await sam.GetByTestId("drills-run-panel").GetByText("Run a drill now").ClickAsync();
        await CheckAsync(sam, "run a drill", readyTestId: "drill-run-form");
        await CheckAsync(sam, "drill", $"/drills/{drill}", "drill-facts");
        await CheckAsync(sam, "drill evidence", $"/namespaces/{drilled}/drills/evidence", "evidence-report");
        await sam.Context.CloseAsync();

        // Platform engineer: tenants, a tenant (approval policies), clusters, a cluster, registering one, audit.
        var priya = await SignInAsync("priya");
        await CheckAsync(priya, "tenants", "/tenants", "tenant-list");
        await CheckAsync(priya, "tenant", $"/tenants/{webshop}");
        await CheckAsync(priya, "clusters", "/clusters", "cluster-card");
        await CheckAsync(priya, "cluster", $"/clusters/{cluster}");
        await CheckAsync(priya, "recover cluster", $"/clusters/{cluster}/recover", "not-lost");
        await CheckAsync(priya, "register cluster", "/clusters/register");
        await CheckAsync(priya, "audit log", "/audit");
        await CheckAsync(priya, "protection", "/protection", "compliance-grid");
        await CheckAsync(priya, "protection policies", "/protection/policies", "policy-list");
        await CheckAsync(priya, "new protection policy", "/protection/policies/new", "policy-form");
        var gold = await QueryAsync(db => db.ProtectionPolicies.Where(p => p.Name == "gold").Select(p => p.Id).SingleAsync());
        await CheckAsync(priya, "protection policy", $"/protection/policies/{gold}", "policy-tenants");
        await priya.Context.CloseAsync();

        // DB engineer: databases, registering one, a database's page and a new dump schedule.
        var dan = await SignInAsync("dan");
        await CheckAsync(dan, "databases", "/databases");
        await CheckTimeZoneFieldAsync(dan, "databases");
        await CheckAsync(dan, "register database", "/databases/register");
        var database = await QueryAsync(db => db.DatabaseTargets.Where(d => d.TenantId == webshop).Select(d => (Guid?)d.Id).FirstOrDefaultAsync());
        if (database is null)
        {
            await dan.GetByTestId("database-namespace").ClickAsync();
            await dan.GetByRole(AriaRole.Option, new() { Name = "prod-east / shop-payments (Webshop)" }).ClickAsync();
            await dan.GetByTestId("discover-databases").ClickAsync();
            var candidate = dan.Locator("[data-testid=candidate][data-source-object$='shop-db']");
            await candidate.GetByRole(AriaRole.Button, new() { Name = "Use this" }).ClickAsync();
            await Assertions.Expect(Field(dan, "database-name")).ToHaveValueAsync("shop-db");
            await CheckAsync(dan, "register database (filled in)");
            await dan.GetByTestId("submit-database").ClickAsync();
            await Assertions.Expect(dan).ToHaveURLAsync(new Regex("/databases$"));
            database = await QueryAsync(db => db.DatabaseTargets.Where(d => d.TenantId == webshop).Select(d => (Guid?)d.Id).FirstAsync());
        }
        await CheckAsync(dan, "database", $"/databases/{database}", "database-title");
        await CheckAsync(dan, "new dump schedule", $"/databases/{database}/schedules/new");
        await dan.Context.CloseAsync();

        // Migration architect: plans, and the demo plan with an application's panel open.
        var maria = await SignInAsync("maria");
        await CheckAsync(maria, "migrations", "/migrations", "plan-link");
        await maria.GetByTestId("plan-link").First.ClickAsync();
        await Assertions.Expect(maria).ToHaveURLAsync(new Regex("/migrations/[0-9a-f-]{36}$"));
        await maria.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await maria.Locator("[data-testid=wave-app]").First.ClickAsync();
        await CheckAsync(maria, "migration plan (application panel open)", readyTestId: "app-panel");
        await maria.Context.CloseAsync();

        var report = new StringBuilder($"{_failures.Count} critical or serious accessibility violations (axe rules and keyboard checks) on {_visited.Count} pages:\n");
        foreach (var failure in _failures) report.AppendLine(failure);
        Assert.True(_failures.Count == 0, report.ToString());
    }
}
