using System.Net;
using System.Text.Json;
using Portal.Domain.Access;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>Protection status over /api/v1: the compliance view's use case (At risk first, the reason in words, the last good
/// backup), only the namespaces the token's tenants hold, over real HTTP on PostgreSQL.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class ProtectionApiTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Statuses_OfTheCallersNamespaces_WithWhyAtRisk_FilteredByStatus()
    {
        using var client = portal.Client(await portal.TokenAsync("alice", "status board", portal.Webshop, Permission.ViewTenant));

        var response = await client.GetAsync("/api/v1/protection/namespaces");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await JsonAsync(response);
        var row = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(portal.ShopNamespace, row.GetProperty("namespaceId").GetGuid());
        Assert.Equal("AtRisk", row.GetProperty("status").GetString());
        Assert.Contains("3 days old", row.GetProperty("reason").GetString());
        Assert.Equal("shop-frontend-20261205", row.GetProperty("lastGoodBackup").GetProperty("name").GetString());
        Assert.Equal((1, 1, 0), (page.GetProperty("counts").GetProperty("total").GetInt32(), page.GetProperty("counts").GetProperty("atRisk").GetInt32(),
            page.GetProperty("counts").GetProperty("unprotected").GetInt32()));
        Assert.DoesNotContain("billing", page.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);

        var protectedOnly = await JsonAsync(await client.GetAsync("/api/v1/protection/namespaces?status=protected"));
        Assert.Empty(protectedOnly.GetProperty("items").EnumerateArray());
        Assert.Equal(0, protectedOnly.GetProperty("totalCount").GetInt32());
        var atRisk = await JsonAsync(await client.GetAsync("/api/v1/protection/namespaces?status=AtRisk&limit=1"));
        Assert.Single(atRisk.GetProperty("items").EnumerateArray());
        var bad = await client.GetAsync("/api/v1/protection/namespaces?status=Fine");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("status must be one of All, NeedsAttention, AtRisk", (await JsonAsync(bad)).GetProperty("errors").GetProperty("status")[0].GetString());
    }

    [Fact]
    public async Task OneNamespace_ItsRpo_LastGoodBackup_AndWhyItIsAtRisk()
    {
        using var client = portal.Client(await portal.TokenAsync("sam", "one namespace", portal.Webshop, Permission.ViewTenant));

        var response = await client.GetAsync($"/api/v1/namespaces/{portal.ShopNamespace}/protection");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await JsonAsync(response);
        Assert.Equal(("shop-frontend", "prod-east", "Webshop", "AtRisk"), (status.GetProperty("namespace").GetString(), status.GetProperty("cluster").GetString(),
            status.GetProperty("tenant").GetString(), status.GetProperty("status").GetString()));
        Assert.StartsWith("No protection policy, and the last good backup", status.GetProperty("reason").GetString());
        Assert.True(status.GetProperty("targetRpoSeconds").GetInt64() > 0);
        Assert.InRange(status.GetProperty("recoveryPointAgeSeconds").GetInt64(), 3 * 86400 - 600, 3 * 86400 + 600);
        Assert.Equal("Backup", status.GetProperty("recoveryPoint").GetString());
        var lastGood = status.GetProperty("lastGoodBackup");
        Assert.Equal("shop-frontend-20261205", lastGood.GetProperty("name").GetString());
        Assert.Equal("last 2 runs PartiallyFailed: volume data of cart-db", lastGood.GetProperty("failedRunsSince").GetString());
    }

    [Fact]
    public async Task AnotherTenantsOrAnUnknownNamespace_404_ATokenWithoutViewTenant_403_NoToken_401()
    {
        using var client = portal.Client(await portal.TokenAsync("alice", "status 404", portal.Webshop, Permission.ViewTenant));
        using var noView = portal.Client(await portal.TokenAsync("alice", "status 403", portal.Webshop, Permission.RequestBackup));
        using var anonymous = portal.Client();

        var billing = await client.GetAsync($"/api/v1/namespaces/{portal.BillingNamespace}/protection");
        var unknown = await client.GetAsync($"/api/v1/namespaces/{Guid.NewGuid()}/protection");

        Assert.Equal(HttpStatusCode.NotFound, billing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((await JsonAsync(unknown)).GetProperty("detail").GetString(), (await JsonAsync(billing)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await noView.GetAsync($"/api/v1/namespaces/{portal.ShopNamespace}/protection")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await noView.GetAsync("/api/v1/protection/namespaces")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/protection/namespaces")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/namespaces/{portal.ShopNamespace}/protection")).StatusCode);
    }
}
