using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Tenants;
using Portal.Web.Hosting;

namespace Portal.E2E.Tests;

/// <summary>Continuous protection in a real browser, against the demo's simulated clusters: a platform engineer makes a
/// policy, lets Webshop use it and makes it Webshop's minimum; the compliance view shows a namespace of Webshop that
/// nothing backs up Unprotected; its owner protects it with the policy; the view (never reloaded) turns it Protected once the first
/// scheduled backup has run on the simulated Velero and the follower has seen it.</summary>
[Collection(PortalServerCollection.Name)]
public class ProtectionJourneyTests(PortalServerFixture server)
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

    private static ILocator ComplianceRow(IPage page, string cluster, string ns) =>
        page.Locator("[data-testid=compliance-grid] tbody tr")
            .Filter(new() { HasText = cluster })
            .Filter(new() { Has = page.Locator("[data-testid=compliance-namespace]", new() { HasTextRegex = new Regex($"^{Regex.Escape(ns)}$") }) });

    /// <summary>A new namespace on prod-east, given to Webshop: no other test moves it and no demo backup holds it.</summary>
    private async Task<string> NewWebshopNamespaceAsync()
    {
        var ns = $"e2e-protect-{Guid.NewGuid().ToString("N")[..6]}";
        var prodEast = server.AppServices.GetRequiredService<SimulatedClusterHost>().Clusters.Single(c => c.ClusterName == "prod-east");
        prodEast.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        });
        await using var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var cluster = await db.Clusters.Where(c => c.Name == "prod-east" && c.RetiredAt == null).Select(c => c.Id).SingleAsync();
        var webshop = await db.Tenants.Where(t => t.Slug == "webshop").Select(t => t.Id).SingleAsync();
        db.TenantNamespaces.Add(new TenantNamespace(webshop, cluster, ns, DateTimeOffset.UtcNow, "e2e"));
        await db.SaveChangesAsync();
        return ns;
    }

    [Fact]
    public async Task PlatformEngineerMakesAPolicyAndAMinimum_OwnerProtects_TheViewTurnsProtectedWithoutReload()
    {
        var ns = await NewWebshopNamespaceAsync();

        // The platform engineer makes a policy, lets Webshop use it, and makes it Webshop's minimum.
        var priya = await SignInAsync("priya");
        await priya.GotoAsync("/protection/policies/new");
        await WaitForCircuitAsync(priya);
        var name = $"e2e-{Guid.NewGuid().ToString("N")[..6]}";
        await Field(priya, "policy-name").FillAsync(name);
        await Field(priya, "cron-expression").FillAsync("*/10 * * * *");
        await Assertions.Expect(priya.GetByTestId("cron-run")).ToHaveCountAsync(5);
        await Field(priya, "policy-retention").FillAsync("1");
        await Field(priya, "policy-rpo").FillAsync("3");
        await priya.GetByTestId("volumes-None").ClickAsync();
        await priya.GetByTestId("save-policy").ClickAsync();
        await Assertions.Expect(priya).ToHaveURLAsync(new Regex("/protection/policies/[0-9a-f-]{36}$"));
        await WaitForCircuitAsync(priya);
        var grant = priya.GetByLabel($"Webshop may use {name}");
        await grant.CheckAsync();
        await Assertions.Expect(grant).ToBeCheckedAsync();

        await priya.GotoAsync("/protection/policies");
        await WaitForCircuitAsync(priya);
        await priya.Locator("[data-testid=tenant-minimum][data-tenant=Webshop] [data-testid=minimum-select]").ClickAsync();
        await priya.GetByRole(AriaRole.Option, new() { Name = name, Exact = true }).ClickAsync();
        await Assertions.Expect(priya.GetByText($"Every namespace of Webshop must now be on {name} or better.")).ToBeVisibleAsync();

        // The compliance view, filtered to Webshop: the new namespace has no policy and no backup.
        await priya.GotoAsync("/protection");
        await WaitForCircuitAsync(priya);
        await priya.GetByTestId("filter-tenant").ClickAsync();
        await priya.GetByRole(AriaRole.Option, new() { Name = "Webshop", Exact = true }).ClickAsync();
        // Every namespace, not only those needing attention (the default): the row stays when it turns Protected.
        await priya.GetByTestId("filter-status").ClickAsync();
        await priya.GetByRole(AriaRole.Option, new() { Name = "Every namespace", Exact = true }).ClickAsync();
        var row = ComplianceRow(priya, "prod-east", ns);
        await Assertions.Expect(row.GetByTestId("protection-status")).ToHaveAttributeAsync("data-status", "Unprotected", new() { Timeout = 30_000 });
        await Assertions.Expect(row.GetByTestId("protection-status")).ToHaveAttributeAsync("data-below-minimum", "True");
        var viewUrl = priya.Url;

        // Its owner protects it with the new policy from the namespace's page.
        var alice = await SignInAsync("alice");
        await alice.GotoAsync("/namespaces");
        await WaitForCircuitAsync(alice);
        await alice.Locator($"[data-testid=cluster-group][data-cluster=prod-east] [data-testid=backups-{ns}]").ClickAsync();
        await Assertions.Expect(alice).ToHaveURLAsync(new Regex("/namespaces/[0-9a-f-]{36}$"));
        await WaitForCircuitAsync(alice);
        await alice.GetByTestId("protection-policy-select").ClickAsync();
        await alice.GetByRole(AriaRole.Option, new() { Name = name, Exact = true }).ClickAsync();
        await alice.GetByTestId("protection-protect").ClickAsync();
        await Assertions.Expect(alice).ToHaveURLAsync(new Regex("/requests/[0-9a-f-]{36}$"));
        await Assertions.Expect(alice.GetByTestId("request-status")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });

        // The platform engineer's view turns it Protected after the first scheduled backup, without a reload.
        try
        {
            await Assertions.Expect(row.GetByTestId("protection-status")).ToHaveAttributeAsync("data-status", "Protected", new() { Timeout = 90_000 });
        }
        catch
        {
            await priya.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "protection-journey-failed.png"), FullPage = true });
            throw;
        }
        await Assertions.Expect(row.GetByTestId("protection-status")).ToHaveAttributeAsync("data-below-minimum", "False");
        Assert.Equal(viewUrl, priya.Url);
        await priya.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "protection-journey.png"), FullPage = true });
        await alice.Context.CloseAsync();
        await priya.Context.CloseAsync();
    }
}
