using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Identity.Web;
using Portal.Application.Features.Access;
using Portal.Application.Security;
using Portal.Domain.Auditing;

namespace Portal.Web.Authentication;

public static class AuthenticationSetup
{
    /// <summary>Cookie sessions, fed either by Microsoft Entra ID (Microsoft.Identity.Web) or by the development sign-in,
    /// each backed by a server-side session row that sign-out and administrators revoke.
    /// Every page requires a signed-in user unless it says otherwise.</summary>
    public static SignInModes AddPortalAuthentication(this WebApplicationBuilder builder)
    {
        var modes = SignInModes.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(modes);
        var auth = builder.Services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.DefaultChallengeScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        });
        if (modes.EntraConfigured)
        {
            auth.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"), OpenIdConnectDefaults.AuthenticationScheme,
                CookieAuthenticationDefaults.AuthenticationScheme);
            builder.Services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                var previous = o.Events.OnTokenValidated;
                o.Events.OnTokenValidated = async ctx =>
                {
                    await previous(ctx);
                    await StartPortalSessionAsync(ctx.HttpContext, ctx.Principal!,
                        ctx.Principal!.FindFirst("http://schemas.microsoft.com/identity/claims/objectidentifier")?.Value ?? ctx.Principal.FindFirst("oid")?.Value);
                };
            });
        }
        else
        {
            auth.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.LoginPath = "/account/signin";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "portal.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnValidatePrincipal = SessionCookieValidation.ValidateAsync;
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        return modes;
    }

    /// <summary>Records the sign-in, opens its server-side session, and adds the portal user and session ids.</summary>
    private static async Task StartPortalSessionAsync(HttpContext http, ClaimsPrincipal principal, string? externalId)
    {
        var name = principal.FindFirst("name")?.Value ?? principal.Identity?.Name ?? externalId ?? "";
        var email = principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst(ClaimTypes.Email)?.Value ?? "";
        var record = http.RequestServices.GetRequiredService<RecordSignIn>();
        var result = await record.HandleAsync(new RecordSignInCommand(externalId ?? "", name, email), http.RequestAborted);
        if (!result.IsSuccess || principal.Identity is not ClaimsIdentity identity)
        {
            await RecordRefusedSignInAsync(http, name, result.Error?.Message ?? "no identity");
            throw new InvalidOperationException("The sign-in could not be recorded.");
        }
        var address = SessionCookieValidation.SourceAddress(http);
        var session = await http.RequestServices.GetRequiredService<StartSession>()
            .HandleAsync(new StartSessionCommand(result.Value, name, address, "Microsoft Entra ID"), http.RequestAborted);
        identity.AddClaim(new Claim(PortalClaims.UserId, result.Value.ToString()));
        SessionCookieValidation.WithSession(identity, session.ValueOrThrow(), address);
    }

    private static Task RecordRefusedSignInAsync(HttpContext http, string who, string why) =>
        http.RequestServices.GetRequiredService<SecurityEvents>().RecordAsync(new AuditEvent(
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), $"anonymous ({Shorten(who)})", "user.sign-in-refused", "user",
            Shorten(who), $"Sign-in refused: {why}", null, null, SessionCookieValidation.SourceAddress(http), AuditOutcome.Refused));

    private static string Shorten(string s) => s.Length > 100 ? s[..100] : s;

    public static void MapPortalAuthenticationEndpoints(this WebApplication app, SignInModes modes)
    {
        var group = app.MapGroup("/auth");
        group.MapGet("/signin", (string? returnUrl) => modes.EntraConfigured
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl.OrRoot(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
                // Without Entra ID there is nothing to challenge: the sign-in page offers what this portal has.
                : Results.LocalRedirect($"/account/signin?returnUrl={Uri.EscapeDataString(LocalUrl.OrRoot(returnUrl))}"))
            .AllowAnonymous();
        group.MapPost("/signout", async (HttpContext http, IAntiforgery antiforgery, EndSession end) =>
        {
            // A revoked session has already ended; only a live one needs the form to be the portal's own.
            if (http.User.Identity?.IsAuthenticated == true && !await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest("The sign-out form was not sent by this portal.");
            if (PortalClaims.SessionOf(http.User) is { } session)
                await end.HandleAsync(new EndSessionCommand(session, http.User.FindFirst("name")?.Value ?? "", SessionCookieValidation.SourceAddress(http)), http.RequestAborted);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/signin");
        });
        if (!modes.DevelopmentSignInEnabled) return;
        group.MapPost("/dev-signin", async (HttpContext http, IAntiforgery antiforgery, RecordSignIn record, StartSession start) =>
        {
            // A sign-in form posted from another site would sign the victim in as the attacker's user (login CSRF).
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                await RecordRefusedSignInAsync(http, "development sign-in", "the form did not carry this portal's antiforgery token (cross-site post)");
                return Results.BadRequest("The sign-in form was not sent by this portal.");
            }
            var form = await http.Request.ReadFormAsync();
            var user = DevelopmentUsers.Find(form["user"]);
            if (user is null)
            {
                await RecordRefusedSignInAsync(http, form["user"].ToString(), "unknown development user");
                return Results.LocalRedirect("/account/signin?error=unknown-user");
            }
            var result = await record.HandleAsync(new RecordSignInCommand(user.ExternalId, user.DisplayName, user.Email), http.RequestAborted);
            if (!result.IsSuccess) return Results.LocalRedirect("/account/signin?error=failed");
            var address = SessionCookieValidation.SourceAddress(http);
            var session = await start.HandleAsync(new StartSessionCommand(result.Value, user.DisplayName, address, "development sign-in"), http.RequestAborted);
            var identity = new ClaimsIdentity([
                new Claim(ClaimTypes.NameIdentifier, user.ExternalId), new Claim("name", user.DisplayName), new Claim(ClaimTypes.Name, user.DisplayName),
                new Claim(ClaimTypes.Email, user.Email), new Claim(PortalClaims.UserId, result.Value.ToString()),
                new Claim("amr", "development-sign-in")], CookieAuthenticationDefaults.AuthenticationScheme, "name", ClaimTypes.Role);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                new ClaimsPrincipal(SessionCookieValidation.WithSession(identity, session.ValueOrThrow(), address)));
            return Results.LocalRedirect(LocalUrl.OrRoot(form["returnUrl"]));
        }).AllowAnonymous();
    }
}
