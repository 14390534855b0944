using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.E2E.Tests;

/// <summary>The API's tokens in a real browser, against the demo: Alice makes a personal access token that may ask for backups in
/// Webshop, copies it from the page, a script (HttpClient) asks for a backup with it and follows the request, she sees when it
/// was last used and the request in her list, revokes it, and the next call is refused. A platform engineer binds an Entra
/// application to a tenant (a word for an id refused next to the field) and lowers a tenant's token lifetime, which then holds.</summary>
[Collection(PortalServerCollection.Name)]
public class AccessTokenJourneyTests(PortalServerFixture server)
{
    private static ILocator Field(IPage page, string testId) => PortalServerFixture.Field(page, testId);

    private static ILocator Checkbox(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    /// <summary>Signed in with the clipboard allowed, so "Copy" can be read back as a person would paste it.</summary>
    private async Task<IPage> SignInWithClipboardAsync(string user)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl.ToString(),
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByTestId($"sign-in-{user}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        return page;
    }

    private async Task<(Guid Namespace, Guid Billing)> DemoIdsAsync()
    {
        await using var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var webshop = await db.Tenants.Where(t => t.Slug == "webshop").Select(t => t.Id).SingleAsync();
        var prodEast = await db.Clusters.Where(c => c.Name == "prod-east" && c.RetiredAt == null).Select(c => c.Id).SingleAsync();
        var ns = await db.TenantNamespaces.Where(n => n.TenantId == webshop && n.ClusterId == prodEast && n.Namespace == "shop-frontend")
            .Select(n => n.Id).SingleAsync();
        var billing = await db.Tenants.Where(t => t.Slug == "billing").Select(t => t.Id).SingleAsync();
        return (ns, billing);
    }

    [Fact]
    public async Task Alice_MakesAToken_AScriptAsksForABackupWithIt_SheSeesItUsed_RevokesIt_AndTheNextCallIs401()
    {
        var (shopFrontend, _) = await DemoIdsAsync();
        var alice = await SignInWithClipboardAsync("alice");
        await alice.GotoAsync("/access-tokens");
        await PortalServerFixture.WaitForCircuitAsync(alice);
        var name = $"release pipeline {Guid.NewGuid().ToString("N")[..6]}";

        await Field(alice, "token-name").FillAsync(name);
        await Field(alice, "token-days").FillAsync("7");
        await Checkbox(alice, "token-right-Webshop-ViewTenant").CheckAsync();
        await Checkbox(alice, "token-right-Webshop-RequestBackup").CheckAsync();
        await alice.GetByTestId("token-create").ClickAsync();
        await Assertions.Expect(alice.GetByTestId("token-secret-alert")).ToBeVisibleAsync();
        await alice.GetByTestId("token-copy").ClickAsync();
        // "Copy" goes through the circuit to the browser's clipboard: read it back once it has arrived (within 10 s).
        var secret = "";
        for (var i = 0; i < 50 && !secret.StartsWith("ptl_", StringComparison.Ordinal); i++)
        {
            if (i > 0) await Task.Delay(200);
            secret = await alice.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        }
        Assert.StartsWith("ptl_", secret);
        await Assertions.Expect(Field(alice, "token-secret")).ToHaveValueAsync(secret);
        var row = alice.Locator($"[data-testid=token-row][data-name='{name}']");
        await Assertions.Expect(row.GetByTestId("token-last-used")).ToHaveTextAsync("never");

        // The script: ask with the token, follow the request's address.
        using var script = new HttpClient { BaseAddress = server.BaseUrl };
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var asked = await script.PostAsJsonAsync($"/api/v1/namespaces/{shopFrontend}/backups", new { ttlHours = 48, reason = "before the release, from the e2e script" });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var answer = JsonDocument.Parse(await asked.Content.ReadAsStringAsync()).RootElement;
        var requestId = answer.GetProperty("id").GetGuid();
        var href = answer.GetProperty("href").GetString()!;
        Assert.Equal(asked.Headers.Location?.OriginalString, href);
        var followed = await script.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(requestId, JsonDocument.Parse(await followed.Content.ReadAsStringAsync()).RootElement.GetProperty("summary").GetProperty("id").GetGuid());

        // Alice sees the token used, and the request in her list.
        await alice.ReloadAsync();
        await PortalServerFixture.WaitForCircuitAsync(alice);
        await Assertions.Expect(row.GetByTestId("token-last-used")).ToHaveTextAsync("just now");
        Assert.DoesNotContain(secret, await alice.ContentAsync()); // shown once, never again
        await alice.GotoAsync("/requests");
        await PortalServerFixture.WaitForCircuitAsync(alice);
        await Assertions.Expect(alice.Locator($"[data-testid=requests-grid] a[href='/requests/{requestId}']")).ToBeVisibleAsync();
        await Assertions.Expect(alice.GetByTestId("requests-grid")).ToContainTextAsync($"Alice Owner (token '{name}')");

        // Revoke, confirming; the next call is refused.
        await alice.GotoAsync("/access-tokens");
        await PortalServerFixture.WaitForCircuitAsync(alice);
        await alice.GetByTestId($"token-revoke-{name}").ClickAsync();
        await Assertions.Expect(alice.GetByTestId("confirm-dialog")).ToBeVisibleAsync();
        await alice.GetByTestId("confirm-ok").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("revoked by Alice Owner");
        var refused = await script.GetAsync(href);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("was revoked", await refused.Content.ReadAsStringAsync());
        await alice.Context.CloseAsync();
    }

    [Fact]
    public async Task PlatformEngineer_BindsAnEntraApplicationToATenant_AWordForItsIdIsRefusedNextToTheField()
    {
        var priya = await server.SignInAsync("priya");
        await priya.GotoAsync("/tenants");
        await PortalServerFixture.WaitForCircuitAsync(priya);
        var appId = Guid.NewGuid();

        await priya.GetByTestId("add-binding").ClickAsync();
        await Assertions.Expect(priya.GetByTestId("add-binding-dialog")).ToBeVisibleAsync();
        await priya.GetByText("An Entra application (client id / object id)").ClickAsync();
        await priya.GetByTestId("binding-tenant").ClickAsync();
        await priya.GetByRole(AriaRole.Option, new() { Name = "Webshop" }).ClickAsync();
        await Field(priya, "binding-application").FillAsync("release-pipeline");
        await priya.GetByTestId("add-binding-ok").ClickAsync();

        var field = priya.Locator(".mud-input-control").Filter(new() { Has = Field(priya, "binding-application") });
        await Assertions.Expect(field).ToContainTextAsync("'release-pipeline' is not one");
        await Assertions.Expect(Field(priya, "binding-application")).ToHaveValueAsync("release-pipeline"); // left as typed

        await Field(priya, "binding-application").FillAsync(appId.ToString());
        await priya.GetByTestId("add-binding-ok").ClickAsync();
        await Assertions.Expect(priya.GetByTestId("add-binding-dialog")).ToHaveCountAsync(0);
        var row = priya.Locator("[data-testid=binding-row]").Filter(new() { HasText = appId.ToString() });
        await Assertions.Expect(row.GetByTestId("binding-kind")).ToHaveTextAsync("Application");
        await Assertions.Expect(row).ToContainTextAsync("tenant Webshop");

        await using var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        Assert.True(await db.ScopeBindings.AnyAsync(b => b.PrincipalKind == Portal.Domain.Access.PrincipalKind.Application && b.PrincipalId == appId.ToString()));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "binding.added" && e.Summary.Contains($"Entra application {appId}")));
        Assert.False(await db.ScopeBindings.AnyAsync(b => b.PrincipalId == "release-pipeline"));
        await priya.Context.CloseAsync();
    }

    [Fact]
    public async Task PlatformEngineer_LowersATenantsTokenLifetime_OutOfRangeIsRefused_AndANewLongerTokenIsRefused()
    {
        var (_, billing) = await DemoIdsAsync();
        var priya = await server.SignInAsync("priya");
        await priya.GotoAsync($"/tenants/{billing}");
        await PortalServerFixture.WaitForCircuitAsync(priya);

        await Field(priya, "token-lifetime-days").FillAsync("400");
        await priya.GetByTestId("token-lifetime-save").ClickAsync();
        var field = priya.Locator(".mud-input-control").Filter(new() { Has = Field(priya, "token-lifetime-days") });
        await Assertions.Expect(field).ToContainTextAsync("Choose between 1 and 365 days");
        await Assertions.Expect(Field(priya, "token-lifetime-days")).ToHaveValueAsync("400"); // not clamped

        await Field(priya, "token-lifetime-days").FillAsync("14");
        await priya.GetByTestId("token-lifetime-save").ClickAsync();
        await Assertions.Expect(priya.GetByTestId("token-lifetime-current")).ToContainTextAsync("live at most 14 days");
        await priya.Context.CloseAsync();

        var bob = await server.SignInAsync("bob");
        await bob.GotoAsync("/access-tokens");
        await PortalServerFixture.WaitForCircuitAsync(bob);
        await Assertions.Expect(bob.Locator("body")).ToContainTextAsync("Billing (tokens live at most 14 days)");
        await Field(bob, "token-name").FillAsync("too long for billing");
        await Field(bob, "token-days").FillAsync("30");
        await Checkbox(bob, "token-right-Billing-ViewTenant").CheckAsync();
        await bob.GetByTestId("token-create").ClickAsync();
        var days = bob.Locator(".mud-input-control").Filter(new() { Has = Field(bob, "token-days") });
        await Assertions.Expect(days).ToContainTextAsync("Billing allows at most 14");
        await Assertions.Expect(bob.GetByTestId("token-secret-alert")).ToHaveCountAsync(0);
        await bob.Context.CloseAsync();

        await using (var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "tenant.token-lifetime" && e.TenantId == billing && e.Summary.Contains("at most 14 days")));
            Assert.False(await db.AccessTokens.AnyAsync(t => t.Name == "too long for billing"));
        }
        // Back to the default, for the journeys after this one.
        var reset = await server.AsPlatformEngineerAsync<Portal.Application.Features.Tokens.SetTokenLifetimeLimit, Portal.Application.Common.Result<Portal.Application.Common.Unit>>(
            u => u.HandleAsync(new Portal.Application.Features.Tokens.SetTokenLifetimeLimitCommand(billing, null)));
        Assert.True(reset.IsSuccess);
    }
}
