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

    public static void UsePortalSecurityHeaders(this WebApplication app) => app.Use((http, next) =>
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
