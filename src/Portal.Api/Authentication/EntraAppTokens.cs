using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Api.Authentication;

/// <summary>Microsoft Entra ID app-only tokens (client credentials) for pipelines, when <c>Api:EntraApp:Audience</c> is set
/// (<c>Api:EntraApp:Authority</c>: https://login.microsoftonline.com/&lt;tenant&gt;/v2.0). The application is mapped to scope bindings
/// like a group is: a binding of kind Application whose principal is the application (client) id or its service principal's object
/// id (<c>oid</c>), or a binding of kind Group naming one of the app roles the token carries, grants its persona. Delegated (user) tokens are refused here: people use the portal or a personal access token.</summary>
public static class EntraAppTokens
{
    public const string SchemeName = "EntraApp";
    public const string Section = "Api:EntraApp";

    public static bool Add(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        if (string.IsNullOrWhiteSpace(section["Audience"])) return false;
        builder.Services.AddAuthentication().AddJwtBearer(SchemeName, o =>
        {
            o.Authority = section["Authority"];
            o.Audience = section["Audience"];
            o.MapInboundClaims = false;
            o.Events = new JwtBearerEvents
            {
                // A personal access token is not a JWT: leave it to its own scheme without a failure here.
                OnMessageReceived = ctx =>
                {
                    var header = ctx.Request.Headers.Authorization.ToString();
                    if (header.StartsWith("Bearer " + Portal.Domain.Access.AccessToken.Prefix, StringComparison.OrdinalIgnoreCase)) ctx.NoResult();
                    return Task.CompletedTask;
                },
                OnTokenValidated = ctx =>
                {
                    if (ctx.Principal is not { } principal || Map(principal) is not { } identity)
                    {
                        ctx.Fail("Only app-only tokens (client credentials) are accepted; people sign in to the portal or use a personal access token.");
                        return Task.CompletedTask;
                    }
                    ctx.Principal = new ClaimsPrincipal(identity);
                    return Task.CompletedTask;
                },
            };
        });
        return true;
    }

    /// <summary>The portal's view of an app-only token: the application id as the caller and as a group principal for bindings,
    /// its app roles as further group principals. Null for a delegated token (it carries <c>scp</c>) or one without an application id.</summary>
    public static ClaimsIdentity? Map(ClaimsPrincipal token)
    {
        if (token.FindFirst("scp") is not null) return null;
        var appId = token.FindFirst("azp")?.Value ?? token.FindFirst("appid")?.Value;
        if (string.IsNullOrWhiteSpace(appId)) return null;
        appId = Canonical(appId);
        var claims = new List<Claim>
        {
            new(ApiClaims.UserId, appId),
            new("name", ApiClaims.Shorten($"application {appId}")),
            new(ApiClaims.CallerKey, "app:" + appId),
            new("groups", appId),
        };
        if (token.FindFirst("oid")?.Value is { Length: > 0 } objectId && Canonical(objectId) != appId) claims.Add(new Claim("groups", Canonical(objectId)));
        claims.AddRange(token.FindAll("roles").Select(r => new Claim("roles", r.Value)));
        return new ClaimsIdentity(claims, SchemeName, "name", "roles");
    }

    /// <summary>Ids as bindings keep them (a Guid as .NET writes it), whatever case the token uses.</summary>
    private static string Canonical(string id) => Guid.TryParse(id, out var guid) ? guid.ToString() : id;
}
