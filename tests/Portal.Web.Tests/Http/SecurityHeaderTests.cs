using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Web.Tests.Http;

[Collection(PortalHttpCollection.Name)]
public sealed class SecurityHeaderTests(DevelopmentPortal portal) : IClassFixture<DevelopmentPortal>
{
    [Theory]
    [InlineData("/account/signin")]
    [InlineData("/health/live")]
    [InlineData("/does-not-exist")]
    public async Task EveryResponse_CarriesTheBrowserHardeningHeaders(string path)
    {
        var response = await portal.Browser().GetAsync(path);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    /// <summary>The sign-in page is seen signed out: its stylesheets and scripts must load for it too (the fallback policy, which
    /// asks every endpoint for a signed-in user, covered the static assets and sent them to the sign-in page).</summary>
    [Theory]
    [InlineData("/app.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task StaticAssets_LoadSignedOut(string path)
    {
        var response = await portal.Browser().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CrossSitePostToTheDevelopmentSignIn_IsRefusedAndRecorded()
    {
        // What another site's auto-submitting form sends: no antiforgery token (and no antiforgery cookie of ours).
        var attacker = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/dev-signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "bob", ["returnUrl"] = "/" }),
        };
        request.Headers.Add("Origin", "https://evil.example");
        var response = await attacker.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portal.session=")));
        await using var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "user.sign-in-refused"));
    }

    [Fact]
    public async Task SignIn_IsRecordedWithUserIdAndSourceAddress()
    {
        var response = await PortalHttpFactory.SignInAsync(portal.Browser(), "rita");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var user = await db.Users.SingleAsync(u => u.ExternalId == "dev:rita");
        var signIn = await db.AuditEvents.FirstAsync(e => e.Action == "user.signed-in" && e.ActorUserId == user.Id.ToString());
        Assert.False(string.IsNullOrEmpty(signIn.SourceAddress));
    }

    [Fact]
    public async Task AntiforgeryAndSessionCookies_AreSecureOverHttps()
    {
        var browser = portal.Browser("https://portal.example/");
        var page = await browser.GetAsync("/account/signin");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery."));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        var signIn = await PortalHttpFactory.SignInAsync(browser, "dan");
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.session="));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task EntraSignIn_WithoutEntra_AndAHostileReturnUrl_SendsToTheSignInPage(string returnUrl)
    {
        var response = await portal.Browser().GetAsync($"/auth/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin?returnUrl=%2F", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task DevelopmentSignIn_WithAHostileReturnUrl_LandsOnTheHomePage()
    {
        var response = await PortalHttpFactory.SignInAsync(portal.Browser(), "alice", "/\t/evil.example");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }
}

[Collection(PortalHttpCollection.Name)]
public sealed class ProductionHardeningTests(ProductionPortal portal) : IClassFixture<ProductionPortal>
{
    [Fact]
    public async Task Https_SendsAYearOfHstsWithSubdomains()
    {
        var response = await portal.Browser("https://portal.example/").GetAsync("/account/signin");
        var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts);
        Assert.Contains("includeSubDomains", hsts);
    }

    [Fact]
    public async Task BehindATlsTerminatingProxy_TheForwardedSchemeAndClientAddressAreUsed()
    {
        // What an ingress controller on the same host (loopback: trusted by default) sends for a browser on HTTPS.
        var browser = portal.Browser("http://portal.example/");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        var page = await browser.GetAsync("/account/signin");
        Assert.Contains("max-age=31536000", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("secure", page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.")), StringComparison.OrdinalIgnoreCase);

        // (The test client keeps Secure cookies to https addresses only, so the sign-in goes to one; the address is forwarded.)
        var client = portal.Browser("https://portal.example/");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        var signIn = await PortalHttpFactory.SignInAsync(client, "priya");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        await using var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var user = await db.Users.SingleAsync(u => u.ExternalId == "dev:priya");
        Assert.Contains(await db.AuditEvents.Where(e => e.Action == "user.signed-in" && e.ActorUserId == user.Id.ToString()).Select(e => e.SourceAddress).ToListAsync(),
            a => a == "203.0.113.7");
    }

    [Fact]
    public async Task KeyRing_IsStoredInTheDatabase_EncryptedWithTheCertificate()
    {
        // Protecting something creates the key ring.
        var protector = portal.Services.GetRequiredService<Portal.Application.Abstractions.ICredentialProtector>();
        var secret = protector.Protect("token-123");
        Assert.Equal("token-123", protector.Unprotect(secret));

        await using var db = await portal.Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var keys = await ((DbContext)db).Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().ToListAsync();
        var key = Assert.Single(keys);
        Assert.Contains("<EncryptedData", key.Xml);
        Assert.DoesNotContain("<masterKey", key.Xml);
    }
}
