using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Filters;
using Portal.Application.Features.Tokens;
using Portal.Domain.Access;
using Portal.Domain.Api;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>The API's edges over real HTTP on PostgreSQL: audit rows name the tenant of the call, old Idempotency-Key answers are
/// swept, a body that is not JSON or a word where an id goes is answered with problem details in words, and a tenant's lowered
/// token maximum holds for the tokens made after it.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class ApiPolishTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task ApiCallAudit_NamesTheTenantOfTheCall_AndNoneForAProbeOfAnotherTenantsId()
    {
        var alice = await portal.TokenAsync("alice", "audited", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        var bob = await portal.TokenAsync("bob", "prober", portal.Billing, Permission.ViewTenant);
        using var aliceClient = portal.Client(alice);
        using var bobClient = portal.Client(bob);

        var asked = await aliceClient.PostAsync($"/api/v1/namespaces/{portal.ShopNamespace}/backups",
            new StringContent("""{"ttlHours": 30}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await aliceClient.GetAsync(asked.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await aliceClient.GetAsync("/api/v1/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobClient.GetAsync($"/api/v1/namespaces/{portal.ShopNamespace}")).StatusCode);

        var calls = await portal.DbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Action == "api.call").ToListAsync());
        Assert.Equal(portal.Webshop, calls.Single(e => e.TargetId == $"/api/v1/namespaces/{portal.ShopNamespace}/backups" && e.Actor.Contains("audited")).TenantId);
        Assert.Equal(portal.Webshop, calls.Single(e => e.TargetId == asked.Headers.Location!.OriginalString).TenantId);
        Assert.Null(calls.Single(e => e.TargetId == "/api/v1/requests" && e.Actor.Contains("audited")).TenantId); // every request it may see
        Assert.Null(calls.Single(e => e.TargetId == $"/api/v1/namespaces/{portal.ShopNamespace}" && e.Actor.Contains("prober")).TenantId);
    }

    [Fact]
    public async Task IdempotentAnswers_PastTheirUsefulLife_AreSwept_FreshOnesKept()
    {
        var now = DateTimeOffset.UtcNow;
        var old = new IdempotentAnswer("sweep-test", "old-key", "hash", now - IdempotentAnswerSweeper.Retention - TimeSpan.FromMinutes(5));
        old.Complete(202, "application/json", "{}", "/api/v1/requests/x");
        var fresh = new IdempotentAnswer("sweep-test", "fresh-key", "hash", now - TimeSpan.FromHours(1));
        await portal.DbAsync(async db =>
        {
            db.IdempotentAnswers.AddRange(old, fresh);
            return await db.SaveChangesAsync();
        });

        var removed = await portal.Services.GetRequiredService<IdempotentAnswerSweeper>().SweepAsync(CancellationToken.None);

        Assert.True(removed >= 1);
        var left = await portal.DbAsync(db => db.IdempotentAnswers.AsNoTracking().Where(a => a.CallerKey == "sweep-test").Select(a => a.Key).ToListAsync());
        Assert.Equal(["fresh-key"], left);
        Assert.Contains(portal.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is IdempotentAnswerSweeper);
    }

    [Fact]
    public async Task MalformedJsonBody_Answers400ProblemDetailsInWords_AndAWrongTypeNamesItsField()
    {
        var token = await portal.TokenAsync("alice", "sloppy script", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        using var client = portal.Client(token);
        var before = await portal.DbAsync(db => db.Requests.CountAsync());

        var broken = await client.PostAsync($"/api/v1/namespaces/{portal.ShopNamespace}/backups",
            new StringContent("""{"ttlHours": 48, "reason": "oops""", Encoding.UTF8, "application/json"));
        var wrongType = await client.PostAsync($"/api/v1/namespaces/{portal.ShopNamespace}/backups",
            new StringContent("""{"ttlHours": "two days"}""", Encoding.UTF8, "application/json"));
        var notJson = await client.PostAsync($"/api/v1/namespaces/{portal.ShopNamespace}/backups",
            new StringContent("ttlHours=48", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("The request body is not valid JSON (line 1", (await JsonAsync(broken)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("ttlHours must be a whole number.", (await JsonAsync(wrongType)).GetProperty("errors").GetProperty("ttlHours")[0].GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Contains("Content-Type: application/json", (await JsonAsync(notJson)).GetProperty("detail").GetString());
        Assert.Equal(before, await portal.DbAsync(db => db.Requests.CountAsync()));
    }

    [Fact]
    public async Task ANonGuidIdInTheAddress_Answers404ProblemDetails_NeverTheUisPage()
    {
        var token = await portal.TokenAsync("alice", "typo script", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        using var client = portal.Client(token);

        var asked = await client.PostAsync("/api/v1/namespaces/shop-frontend/backups", new StringContent("{}", Encoding.UTF8, "application/json"));
        var read = await client.GetAsync("/api/v1/requests/12345");
        var badQuery = await client.GetAsync("/api/v1/namespaces?tenantId=webshop");

        foreach (var response in new[] { asked, read })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Ids in the API's addresses are GUIDs", (await JsonAsync(response)).GetProperty("detail").GetString());
        }
        Assert.Contains("POST /api/v1/namespaces/shop-frontend/backups", (await JsonAsync(asked)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.StartsWith("tenantId must be a GUID", (await JsonAsync(badQuery)).GetProperty("errors").GetProperty("tenantId")[0].GetString());
    }

    [Fact]
    public async Task ALoweredTenantMaximum_HoldsForNewTokens_OutOfRangeIsRefused_OnlyItsPlatformEngineersMaySetIt()
    {
        var pat = await portal.DbAsync(async db =>
        {
            var user = new PortalUser("ext-pat", "Pat Platform", "pat@example.test");
            db.Users.Add(user);
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), Persona.PlatformEngineer, ScopeKind.Tenant, portal.Billing));
            await db.SaveChangesAsync();
            return user;
        });
        portal.Users["pat"] = pat;
        Task<Portal.Application.Common.Result<Portal.Application.Common.Unit>> SetAs(string user, int? days) =>
            portal.AsUserAsync(user, sp => sp.GetRequiredService<SetTokenLifetimeLimit>().HandleAsync(new SetTokenLifetimeLimitCommand(portal.Billing, days)));
        Task<Portal.Application.Common.Result<CreatedAccessToken>> MakeAsBob(int days) =>
            portal.AsUserAsync("bob", sp => sp.GetRequiredService<CreateAccessToken>().HandleAsync(
                new CreateAccessTokenCommand($"bob {days}", [new TokenScope(Permission.ViewTenant, portal.Billing)], days)));

        Assert.True((await MakeAsBob(30)).IsSuccess); // the default of 90 days allows it
        Assert.False((await SetAs("bob", 7)).IsSuccess); // an application owner does not keep the tenant
        foreach (var outOfRange in new[] { 0, 366 })
        {
            var refused = await SetAs("pat", outOfRange);
            Assert.Equal("days", refused.Error!.Field);
            Assert.Equal($"Choose between 1 and 365 days for the longest a token may live (you entered {outOfRange}).", refused.Error.Message);
        }
        Assert.True((await SetAs("pat", 7)).IsSuccess);

        var tooLong = await MakeAsBob(30);
        var withinIt = await MakeAsBob(7);

        Assert.Equal("expiresInDays", tooLong.Error!.Field);
        Assert.Contains("Billing allows at most 7", tooLong.Error.Message);
        Assert.True(withinIt.IsSuccess);
        Assert.True(withinIt.Value!.Token.ExpiresAt <= DateTimeOffset.UtcNow.AddDays(7));
        Assert.Equal(7, await portal.DbAsync(db => db.Tenants.Where(t => t.Id == portal.Billing).Select(t => t.MaxTokenLifetimeDays).SingleAsync()));
        Assert.True(await portal.DbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "tenant.token-lifetime" && e.TenantId == portal.Billing
            && e.Actor == "Pat Platform" && e.Summary.Contains("at most 7 days (was 90)"))));
    }
}
