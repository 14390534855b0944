using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Portal.Web.Hosting;

/// <summary>Browser-side hardening of every response: a content security policy, no MIME sniffing, no referrer to other
/// sites, no framing; a year of HSTS with subdomains; cookies marked Secure whenever the request came over HTTPS.</summary>
public static class SecurityHeaders
{
    /// <summary>Blazor Server needs only its own scripts and a same-origin WebSocket ('self' covers ws/wss of the
    /// origin); MudBlazor sets style attributes and the reconnect dialog adds a style element, hence 'unsafe-inline'
    /// for styles only. No inline script, no eval, nothing from another origin.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void AddPortalSecurityHeaders(this WebApplicationBuilder builder)
    {
        // Behind a TLS-terminating ingress the portal sees plain HTTP from the ingress controller: without the
        // forwarded scheme and client address, HSTS is never sent, cookies are not marked Secure, Entra's redirect URI
        // says http:// and the audit log records the controller's address. Only the proxies named here are believed
        // (by default loopback only), so a client cannot forge its address or scheme.
        var forwarded = builder.Configuration.GetSection("ForwardedHeaders");
        var networks = ParseAll(forwarded.GetSection("KnownNetworks").Get<string[]>(), "ForwardedHeaders:KnownNetworks", System.Net.IPNetwork.Parse);
        var proxies = ParseAll(forwarded.GetSection("KnownProxies").Get<string[]>(), "ForwardedHeaders:KnownProxies", IPAddress.Parse);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
            foreach (var p in proxies) o.KnownProxies.Add(p);
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
    }

    private static List<T> ParseAll<T>(string[]? values, string setting, Func<string, T> parse) =>
        (values ?? []).Select(v =>
        {
            try { return parse(v.Trim()); }
            catch (FormatException) { throw new InvalidOperationException($"{setting} holds '{v}', which is not an IP address or CIDR range (e.g. 10.0.0.0/8)."); }
        }).ToList();

    public static void UsePortalSecurityHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var h = http.Response.Headers;
                h.ContentSecurityPolicy = ContentSecurityPolicy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "strict-origin-when-cross-origin";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }
}
