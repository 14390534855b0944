using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;
using Portal.Application.Features.Access;

namespace Portal.Web.Authentication;

public static class AuthenticationSetup
{
    /// <summary>Cookie sessions, fed either by Microsoft Entra ID (Microsoft.Identity.Web) or by the development sign-in.
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
                    await AddPortalUserClaimAsync(ctx.HttpContext, ctx.Principal!,
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
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();
        return modes;
    }

    /// <summary>Records the sign-in and adds the portal user id, which scope bindings and requests refer to.</summary>
    private static async Task AddPortalUserClaimAsync(HttpContext http, ClaimsPrincipal principal, string? externalId)
    {
        var name = principal.FindFirst("name")?.Value ?? principal.Identity?.Name ?? externalId ?? "";
        var email = principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst(ClaimTypes.Email)?.Value ?? "";
        var record = http.RequestServices.GetRequiredService<RecordSignIn>();
        var result = await record.HandleAsync(new RecordSignInCommand(externalId ?? "", name, email), http.RequestAborted);
        if (result.IsSuccess && principal.Identity is ClaimsIdentity identity)
            identity.AddClaim(new Claim(PortalClaims.UserId, result.Value.ToString()));
    }

    public static void MapPortalAuthenticationEndpoints(this WebApplication app, SignInModes modes)
    {
        var group = app.MapGroup("/auth");
        group.MapGet("/signin", (string? returnUrl) => Results.Challenge(
                new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();
        group.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/account/signin");
        });
        if (!modes.DevelopmentSignInEnabled) return;
        group.MapPost("/dev-signin", async (HttpContext http, RecordSignIn record) =>
        {
            var form = await http.Request.ReadFormAsync();
            var user = DevelopmentUsers.Find(form["user"]);
            if (user is null) return Results.LocalRedirect("/account/signin?error=unknown-user");
            var result = await record.HandleAsync(new RecordSignInCommand(user.ExternalId, user.DisplayName, user.Email), http.RequestAborted);
            if (!result.IsSuccess) return Results.LocalRedirect("/account/signin?error=failed");
            var identity = new ClaimsIdentity([
                new Claim(ClaimTypes.NameIdentifier, user.ExternalId), new Claim("name", user.DisplayName), new Claim(ClaimTypes.Name, user.DisplayName),
                new Claim(ClaimTypes.Email, user.Email), new Claim(PortalClaims.UserId, result.Value.ToString()),
                new Claim("amr", "development-sign-in")], CookieAuthenticationDefaults.AuthenticationScheme, "name", ClaimTypes.Role);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.LocalRedirect(SafeReturnUrl(form["returnUrl"]));
        }).AllowAnonymous();
    }

    /// <summary>Only local paths: an open redirect after sign-in would be a phishing aid.</summary>
    private static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
