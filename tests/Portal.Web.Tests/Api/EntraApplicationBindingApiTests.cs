using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Domain.Access;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>An Entra application bound with kind Application (as the Tenants &amp; access page does), by its client id or by its
/// service principal's object id (<c>oid</c>), acts with that binding's persona on the API; an application bound nowhere sees nothing.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class EntraApplicationBindingApiTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static string Jwt(Guid clientId, Guid? objectId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = ApiPortal.EntraIssuer,
        Audience = ApiPortal.EntraAudience,
        Expires = DateTime.UtcNow.AddMinutes(10),
        Subject = new ClaimsIdentity([new Claim("azp", clientId.ToString().ToUpperInvariant()), new Claim("idtyp", "app"),
            .. objectId is { } oid ? new[] { new Claim("oid", oid.ToString().ToUpperInvariant()) } : []]),
        SigningCredentials = new SigningCredentials(ApiPortal.EntraKey, SecurityAlgorithms.HmacSha256),
    });

    private async Task<List<string?>> NamespacesSeenAsync(string jwt)
    {
        using var client = portal.Client(jwt);
        return JsonDocument.Parse(await client.GetStringAsync("/api/v1/namespaces")).RootElement.EnumerateArray()
            .Select(n => n.GetProperty("namespace").GetString()).ToList();
    }

    [Fact]
    public async Task AnApplicationBoundByClientIdOrObjectId_ActsWithItsPersona()
    {
        var (byClient, byObject, objectId, nowhere) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await portal.DbAsync(async db =>
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.Application, byClient.ToString(), Persona.ApplicationOwner, ScopeKind.Tenant, portal.Billing));
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.Application, objectId.ToString(), Persona.ApplicationOwner, ScopeKind.Tenant, portal.Webshop));
            return await db.SaveChangesAsync();
        });

        Assert.Equal(["billing-api"], await NamespacesSeenAsync(Jwt(byClient, null)));
        Assert.Equal(["shop-frontend"], await NamespacesSeenAsync(Jwt(byObject, objectId)));
        Assert.Empty(await NamespacesSeenAsync(Jwt(nowhere, Guid.NewGuid())));
    }
}
