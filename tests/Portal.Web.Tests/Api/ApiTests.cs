using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Features.Tokens;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>The /api/v1 endpoints over real HTTP on PostgreSQL, with personal access tokens made by the real use case.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class ApiTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<HttpResponseMessage> AskAsync(HttpClient client, Guid ns, object body, string? key = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/namespaces/{ns}/backups") { Content = JsonContent.Create(body) };
        if (key is not null) message.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(message);
    }

    [Fact]
    public async Task AskForBackup_WithToken_Answers202WithTheRequestsAddress_WhichShowsItsTimeline_AndTheCallIsAudited()
    {
        var token = await portal.TokenAsync("alice", "deploy script", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        using var client = portal.Client(token);

        var asked = await AskAsync(client, portal.ShopNamespace, new { ttlHours = 48, reason = "before the release" });

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var id = (await JsonAsync(asked)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/requests/{id}", asked.Headers.Location?.OriginalString);
        var followed = await client.GetAsync(asked.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        var details = await JsonAsync(followed);
        Assert.Equal("PendingApproval", details.GetProperty("summary").GetProperty("status").GetString());
        Assert.Contains("deploy script", details.GetProperty("summary").GetProperty("requestedBy").GetString());
        Assert.NotEqual(0, details.GetProperty("timeline").GetArrayLength());
        var audit = await portal.DbAsync(db => db.AuditEvents.Where(e => e.Action == "api.call" && e.TargetId == $"/api/v1/requests/{id}").ToListAsync());
        var call = Assert.Single(audit);
        Assert.Equal("Alice Owner (token 'deploy script')", call.Actor);
        Assert.Equal(portal.Users["alice"].Id.ToString(), call.ActorUserId);
    }

    [Fact]
    public async Task NoToken_BadToken_RevokedToken_ExpiredToken_Answer401WithProblemDetails()
    {
        var revoked = await portal.TokenAsync("alice", "to revoke", portal.Webshop, Permission.ViewTenant);
        var expired = await portal.TokenAsync("alice", "to expire", portal.Webshop, Permission.ViewTenant);
        using (var ok = portal.Client(revoked)) Assert.Equal(HttpStatusCode.OK, (await ok.GetAsync("/api/v1/namespaces")).StatusCode);
        var tokens = await portal.DbAsync(db => db.AccessTokens.Where(t => t.Name == "to revoke" || t.Name == "to expire").ToListAsync());
        await portal.AsUserAsync("alice", sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<RevokeAccessToken>(sp).HandleAsync(new RevokeAccessTokenCommand(tokens.Single(t => t.Name == "to revoke").Id)));
        await portal.DbAsync(db => db.AccessTokens.Where(t => t.Name == "to expire")
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        foreach (var (token, words) in new (string?, string)[]
                 {
                     (null, "Send a personal access token"), ("ptl_" + new string('x', 43), "not valid"), (revoked, "was revoked"), (expired, "expired"),
                 })
        {
            using var client = portal.Client(token);
            var response = await client.GetAsync("/api/v1/namespaces");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(words, (await JsonAsync(response)).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task AnotherTenantsIds_Answer404_AndChangeNothing()
    {
        var alice = await portal.TokenAsync("alice", "alice all", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup, Permission.CancelRequest);
        using var aliceClient = portal.Client(alice);
        var asked = await AskAsync(aliceClient, portal.ShopNamespace, new { ttlHours = 49 });
        var request = (await JsonAsync(asked)).GetProperty("id").GetGuid();
        var bob = await portal.TokenAsync("bob", "bob all", portal.Billing, Permission.ViewTenant, Permission.RequestBackup, Permission.CancelRequest);
        using var bobClient = portal.Client(bob);
        var before = await portal.DbAsync(db => db.Requests.CountAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await bobClient.GetAsync($"/api/v1/namespaces/{portal.ShopNamespace}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobClient.GetAsync($"/api/v1/namespaces/{portal.ShopNamespace}/backups")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AskAsync(bobClient, portal.ShopNamespace, new { ttlHours = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobClient.GetAsync($"/api/v1/requests/{request}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobClient.PostAsync($"/api/v1/requests/{request}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobClient.PostAsJsonAsync($"/api/v1/requests/{request}/approve", new { comment = "x" })).StatusCode);
        var list = await JsonAsync(await bobClient.GetAsync("/api/v1/requests"));
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == request);

        Assert.Equal(before, await portal.DbAsync(db => db.Requests.CountAsync()));
        Assert.Equal(RequestStatus.PendingApproval, await portal.DbAsync(db => db.Requests.Where(r => r.Id == request).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task TokenCarriesOnlyItsScopes_AndAPersonaRemovedFromTheOwner_TakesEffectOnTheNextCall()
    {
        var readOnly = await portal.TokenAsync("dana", "dana read", portal.Webshop, Permission.ViewTenant);
        var full = await portal.TokenAsync("dana", "dana full", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        using var readClient = portal.Client(readOnly);
        using var fullClient = portal.Client(full);
        var refused = await AskAsync(readClient, portal.ShopNamespace, new { ttlHours = 50 });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("You may not request backups of shop-frontend", (await JsonAsync(refused)).GetProperty("detail").GetString());
        Assert.Single((await JsonAsync(await fullClient.GetAsync("/api/v1/namespaces"))).EnumerateArray());

        var dana = portal.Users["dana"].Id.ToString();
        await portal.DbAsync(db => db.ScopeBindings.Where(b => b.PrincipalId == dana).ExecuteDeleteAsync());

        Assert.Empty((await JsonAsync(await fullClient.GetAsync("/api/v1/namespaces"))).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await AskAsync(fullClient, portal.ShopNamespace, new { ttlHours = 51 })).StatusCode);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithTheUseCasesWords_NextToTheField()
    {
        var token = await portal.TokenAsync("alice", "validation", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        using var client = portal.Client(token);

        var mode = await JsonAsync(await AskAsync(client, portal.ShopNamespace, new { volumeMode = "tape" }));
        Assert.Contains("volumeMode must be one of Snapshot, FileSystem, None", mode.GetProperty("errors").GetProperty("volumeMode")[0].GetString());
        // A number is not a name, though Enum.TryParse would take it as one.
        var numbered = await JsonAsync(await AskAsync(client, portal.ShopNamespace, new { volumeMode = "2" }));
        Assert.Contains("volumeMode must be one of", numbered.GetProperty("errors").GetProperty("volumeMode")[0].GetString());
        var status = await client.GetAsync("/api/v1/requests?status=3");
        Assert.Contains("status must be one of", (await JsonAsync(status)).GetProperty("errors").GetProperty("status")[0].GetString());
        var ttl = await AskAsync(client, portal.ShopNamespace, new { ttlHours = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, ttl.StatusCode);
        Assert.StartsWith("Keep the backup between 1 hour and 7 years", (await JsonAsync(ttl)).GetProperty("errors").GetProperty("ttlHours")[0].GetString());
        var limit = await client.GetAsync("/api/v1/requests?limit=500");
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Contains("limit must be between 1 and 200", (await JsonAsync(limit)).GetProperty("errors").GetProperty("limit")[0].GetString());
        var cursor = await client.GetAsync("/api/v1/requests?cursor=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, cursor.StatusCode);
        Assert.True((await JsonAsync(cursor)).GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task IdempotencyKey_RetryGetsTheFirstAnswer_AndAnotherBodyWithTheSameKeyIs422()
    {
        var token = await portal.TokenAsync("alice", "retrying pipeline", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        using var client = portal.Client(token);
        var key = Guid.NewGuid().ToString();

        var first = await AskAsync(client, portal.ShopNamespace, new { ttlHours = 52, reason = "retry me" }, key);
        var retry = await AskAsync(client, portal.ShopNamespace, new { ttlHours = 52, reason = "retry me" }, key);
        var other = await AskAsync(client, portal.ShopNamespace, new { ttlHours = 53, reason = "retry me" }, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal((await JsonAsync(first)).GetProperty("id").GetGuid(), (await JsonAsync(retry)).GetProperty("id").GetGuid());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, await portal.DbAsync(db => db.Requests.CountAsync(r => r.Reason == "retry me")));
    }

    [Fact]
    public async Task Requests_ArePagedByCursor_NewestFirst_WithoutRepeats()
    {
        var token = await portal.TokenAsync("dana", "paging", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        using var client = portal.Client(token);
        var asked = new List<Guid>();
        for (var i = 1; i <= 5; i++)
            asked.Add((await JsonAsync(await AskAsync(client, portal.ShopNamespace, new { ttlHours = 100 + i, reason = $"page {i}" }))).GetProperty("id").GetGuid());

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(await client.GetAsync($"/api/v1/requests?mine=true&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);

        Assert.Equal(Enumerable.Reverse(asked).ToList(), seen.Where(asked.Contains).ToList());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task AnSreApproves_TheOwnerCannot_AndRejectingNeedsAReason()
    {
        var alice = await portal.TokenAsync("alice", "asker", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        var sam = await portal.TokenAsync("sam", "approver", portal.Webshop, Permission.ViewTenant, Permission.ApproveBackup);
        var samReadOnly = await portal.TokenAsync("sam", "sam read", portal.Webshop, Permission.ViewTenant);
        using var aliceClient = portal.Client(alice);
        using var samClient = portal.Client(sam);
        using var samReadClient = portal.Client(samReadOnly);
        var first = (await JsonAsync(await AskAsync(aliceClient, portal.ShopNamespace, new { ttlHours = 60 }))).GetProperty("id").GetGuid();
        var second = (await JsonAsync(await AskAsync(aliceClient, portal.ShopNamespace, new { ttlHours = 61 }))).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Forbidden, (await aliceClient.PostAsJsonAsync($"/api/v1/requests/{first}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await samReadClient.PostAsJsonAsync($"/api/v1/requests/{first}/approve", new { })).StatusCode);
        var noReason = await samClient.PostAsJsonAsync($"/api/v1/requests/{second}/reject", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Say why you reject", (await JsonAsync(noReason)).GetProperty("errors").GetProperty("comment")[0].GetString());

        var approved = await samClient.PostAsJsonAsync($"/api/v1/requests/{first}/approve", new { comment = "go" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Queued", (await JsonAsync(approved)).GetProperty("status").GetString());
        var rejected = await samClient.PostAsJsonAsync($"/api/v1/requests/{second}/reject", new { comment = "not now" });
        Assert.Equal("Rejected", (await JsonAsync(rejected)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OwnerCancelsTheirPendingRequest()
    {
        var token = await portal.TokenAsync("alice", "canceller", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup, Permission.CancelRequest);
        using var client = portal.Client(token);
        var id = (await JsonAsync(await AskAsync(client, portal.ShopNamespace, new { ttlHours = 70 }))).GetProperty("id").GetGuid();

        var cancelled = await client.PostAsync($"/api/v1/requests/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(RequestStatus.Cancelled, await portal.DbAsync(db => db.Requests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/requests/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task ATokenOverItsLimit_Gets429WithRetryAfter_AnotherTokenDoesNot()
    {
        var busy = await portal.TokenAsync("alice", "busy", portal.Webshop, Permission.ViewTenant);
        var calm = await portal.TokenAsync("alice", "calm", portal.Webshop, Permission.ViewTenant);
        using var busyClient = portal.Client(busy);
        using var calmClient = portal.Client(calm);
        for (var i = 0; i < ApiPortal.PermitLimit; i++) Assert.Equal(HttpStatusCode.OK, (await busyClient.GetAsync("/api/v1/namespaces")).StatusCode);

        var limited = await busyClient.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("retry after", (await JsonAsync(limited)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await calmClient.GetAsync("/api/v1/namespaces")).StatusCode);
    }

    [Fact]
    public async Task TheUiCookieIsNotAcceptedByTheApi_AndATokenIsNotAcceptedByTheUi()
    {
        var token = await portal.TokenAsync("alice", "not for pages", portal.Webshop, Permission.ViewTenant);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var page = await client.GetAsync("/requests");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode); // to the sign-in: pages know only the cookie
    }

    [Fact]
    public async Task ServedOpenApiDocument_MatchesTheCheckedInOne()
    {
        using var client = portal.Client();
        var response = await client.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = (await response.Content.ReadAsStringAsync()).Replace("\r\n", "\n").Trim();
        var path = Path.Combine(RepoRoot(), "docs", "api", "openapi.v1.json");
        if (Environment.GetEnvironmentVariable("PORTAL_UPDATE_API_DOC") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served + "\n");
        }
        Assert.True(File.Exists(path), "docs/api/openapi.v1.json is missing: run this test with PORTAL_UPDATE_API_DOC=1.");
        Assert.True(served == (await File.ReadAllTextAsync(path)).Replace("\r\n", "\n").Trim(),
            "The API changed: docs/api/openapi.v1.json differs from the served document. Review the change and refresh it with PORTAL_UPDATE_API_DOC=1.");
        var reference = await client.GetStringAsync("/api/v1/reference");
        Assert.Contains("/api/v1/namespaces/{id}/backups", reference);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Portal.sln not found above the test's folder.");
    }
}
