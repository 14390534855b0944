using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>Entra ID app-only tokens (client credentials) on the API, signed here with a local key: the application is mapped to
/// the scope bindings of its id like a group; delegated tokens and tokens of another key are refused.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class EntraAppTokenTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static string Jwt(Guid appId, SecurityKey key, params Claim[] extra) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = ApiPortal.EntraIssuer,
        Audience = ApiPortal.EntraAudience,
        Expires = DateTime.UtcNow.AddMinutes(10),
        Subject = new ClaimsIdentity([new Claim("azp", appId.ToString()), new Claim("idtyp", "app"), .. extra]),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task AppOnlyToken_ActsWithTheBindingsOfItsApplication_AndIsAudited()
    {
        using var client = portal.Client(Jwt(ApiPortal.PipelineAppId, ApiPortal.EntraKey));

        var namespaces = JsonDocument.Parse(await client.GetStringAsync("/api/v1/namespaces")).RootElement;
        var asked = await client.PostAsJsonAsync($"/api/v1/namespaces/{portal.ShopNamespace}/backups", new { ttlHours = 80, reason = "pipeline" });

        Assert.Equal("shop-frontend", Assert.Single(namespaces.EnumerateArray()).GetProperty("namespace").GetString());
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostAsJsonAsync($"/api/v1/namespaces/{portal.BillingNamespace}/backups", new { ttlHours = 80 })).StatusCode);
        var actor = $"application {ApiPortal.PipelineAppId}";
        Assert.True(await portal.DbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "api.call" && e.Actor == actor)));
    }

    [Fact]
    public async Task DelegatedToken_UnknownApplication_OrAnotherKey_GetNothing()
    {
        using var delegated = portal.Client(Jwt(ApiPortal.PipelineAppId, ApiPortal.EntraKey, new Claim("scp", "access_as_user")));
        using var otherKey = portal.Client(Jwt(ApiPortal.PipelineAppId, new SymmetricSecurityKey(new byte[32])));
        using var unknown = portal.Client(Jwt(Guid.NewGuid(), ApiPortal.EntraKey));

        Assert.Equal(HttpStatusCode.Unauthorized, (await delegated.GetAsync("/api/v1/namespaces")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherKey.GetAsync("/api/v1/namespaces")).StatusCode);
        Assert.Empty(JsonDocument.Parse(await unknown.GetStringAsync("/api/v1/namespaces")).RootElement.EnumerateArray());
    }
}
