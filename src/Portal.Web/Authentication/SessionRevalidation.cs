using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Portal.Application.Features.Access;

namespace Portal.Web.Authentication;

/// <summary>Ends an open circuit's sign-in shortly after its session is revoked (sign-out in another tab, an
/// administrator). Use cases check the session themselves on every call; this makes the page notice too.</summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggers, SessionCheck sessions)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        PortalClaims.SessionOf(state.User) is { } id && await sessions.IsActiveAsync(id, ct);
}

/// <summary>The session cookie is honoured only while its server-side session is open: a copied cookie stops
/// working at sign-out.</summary>
internal static class SessionCookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        if (ctx.Principal is not { Identity.IsAuthenticated: true } user) return;
        var sessions = ctx.HttpContext.RequestServices.GetRequiredService<SessionCheck>();
        if (PortalClaims.SessionOf(user) is { } id && await sessions.IsActiveAsync(id, ctx.HttpContext.RequestAborted)) return;
        ctx.RejectPrincipal();
        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static string SourceAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static ClaimsIdentity WithSession(ClaimsIdentity identity, Guid sessionId, string sourceAddress)
    {
        identity.AddClaim(new Claim(PortalClaims.SessionId, sessionId.ToString()));
        identity.AddClaim(new Claim(PortalClaims.SourceAddress, sourceAddress));
        return identity;
    }
}
