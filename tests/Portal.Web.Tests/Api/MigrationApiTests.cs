using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Access;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>Migration plans and waves over /api/v1: read with the plans page's queries, decided with its use case (four eyes, scope,
/// audit), over real HTTP on PostgreSQL with tokens made by the real use case.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class MigrationApiTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? key = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null) message.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(message);
    }

    private Task<MigrationWaveStatus> WaveStatusAsync(Guid wave) =>
        portal.DbAsync(db => db.MigrationWaves.Where(w => w.Id == wave).Select(w => w.Status).SingleAsync());

    [Fact]
    public async Task Plans_ListedAndRead_WithTheirWavesAndApplicationsState_OnlyTheTokensTenants()
    {
        var (plan, wave) = await portal.MigrationWaveAsync(portal.Webshop, "shop-frontend", "archie", "shop to west");
        using var owner = portal.Client(await portal.TokenAsync("alice", "plans reader", portal.Webshop, Permission.ViewTenant));
        using var approver = portal.Client(await portal.TokenAsync("priya", "plans approver", portal.Webshop, Permission.ViewTenant, Permission.ApproveMigrations));

        var list = await owner.GetAsync("/api/v1/migration-plans");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var items = (await JsonAsync(list)).GetProperty("items").EnumerateArray().ToList();
        var row = Assert.Single(items, p => p.GetProperty("id").GetGuid() == plan);
        Assert.Equal("Awaiting approval", row.GetProperty("stage").GetString());
        Assert.DoesNotContain(items, p => p.GetProperty("id").GetGuid() == portal.BillingPlan);

        var details = await JsonAsync(await owner.GetAsync($"/api/v1/migration-plans/{plan}"));
        Assert.Equal("shop to west", details.GetProperty("name").GetString());
        Assert.Equal("prod-west", details.GetProperty("targetCluster").GetString());
        var w = Assert.Single(details.GetProperty("waves").EnumerateArray());
        Assert.Equal(wave, w.GetProperty("id").GetGuid());
        Assert.Equal("PendingApproval", w.GetProperty("status").GetString());
        Assert.Equal("Archie Architect", w.GetProperty("submittedBy").GetString());
        Assert.False(w.GetProperty("callerMayDecide").GetBoolean());
        var app = Assert.Single(w.GetProperty("applications").EnumerateArray());
        Assert.Equal(("shop-frontend", "Planned", "Webshop"),
            (app.GetProperty("sourceNamespace").GetString(), app.GetProperty("status").GetString(), app.GetProperty("tenant").GetString()));
        Assert.Equal(JsonValueKind.Null, app.GetProperty("requestHref").ValueKind);

        var asApprover = await JsonAsync(await approver.GetAsync($"/api/v1/migration-plans/{plan}"));
        Assert.True(asApprover.GetProperty("waves")[0].GetProperty("callerMayDecide").GetBoolean());
    }

    [Fact]
    public async Task Plans_ArePagedByCursor_AndBadPagingIsRefusedNextToItsField()
    {
        var made = new List<Guid>();
        for (var i = 0; i < 3; i++) made.Add((await portal.MigrationWaveAsync(portal.Webshop, "shop-frontend", "archie", $"paged plan {i}")).Plan);
        using var client = portal.Client(await portal.TokenAsync("dana", "plans pager", portal.Webshop, Permission.ViewTenant));

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(await client.GetAsync($"/api/v1/migration-plans?limit=1{(cursor is null ? "" : "&cursor=" + cursor)}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 50);

        Assert.Null(cursor);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(Enumerable.Reverse(made).ToList(), seen.Where(made.Contains).ToList());
        var limit = await client.GetAsync("/api/v1/migration-plans?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Contains("limit must be between 1 and 200", (await JsonAsync(limit)).GetProperty("errors").GetProperty("limit")[0].GetString());
        var bad = await client.GetAsync("/api/v1/migration-plans?cursor=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task APlatformEngineerApproves_ARetryWithTheSameKeyGetsTheFirstAnswer_TheWaveIsScheduledWithItsRequest_AndAudited()
    {
        var (plan, wave) = await portal.MigrationWaveAsync(portal.Webshop, "shop-frontend", "archie", "approved over the api");
        using var client = portal.Client(await portal.TokenAsync("priya", "wave approver", portal.Webshop, Permission.ViewTenant, Permission.ApproveMigrations));
        var key = Guid.NewGuid().ToString();
        var requestsBefore = await portal.DbAsync(db => db.Requests.CountAsync(r => r.Kind == RequestKind.ApplicationMigration));

        var first = await PostAsync(client, $"/api/v1/migration-waves/{wave}/approve", new { comment = "go west" }, key);
        var retry = await PostAsync(client, $"/api/v1/migration-waves/{wave}/approve", new { comment = "go west" }, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Scheduled", (await JsonAsync(first)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(MigrationWaveStatus.Scheduled, await WaveStatusAsync(wave));
        Assert.Equal(requestsBefore + 1, await portal.DbAsync(db => db.Requests.CountAsync(r => r.Kind == RequestKind.ApplicationMigration)));
        var audit = await portal.DbAsync(db => db.AuditEvents.Where(e => e.Action == "migration.wave.approved" && e.TargetId == wave.ToString()).ToListAsync());
        Assert.Equal("Priya Platform (token 'wave approver')", Assert.Single(audit).Actor);
        var app = (await JsonAsync(await client.GetAsync($"/api/v1/migration-plans/{plan}"))).GetProperty("waves")[0].GetProperty("applications")[0];
        Assert.Equal("Waiting", app.GetProperty("status").GetString());
        Assert.StartsWith("/api/v1/requests/", app.GetProperty("requestHref").GetString());
    }

    [Fact]
    public async Task Rejecting_NeedsAReason_NamedByTheCommentField_ThenSendsTheWaveBackToPlanning()
    {
        var (_, wave) = await portal.MigrationWaveAsync(portal.Webshop, "shop-frontend", "archie", "sent back over the api");
        using var client = portal.Client(await portal.TokenAsync("paul", "wave rejecter", portal.Webshop, Permission.ViewTenant, Permission.ApproveMigrations));

        var noReason = await PostAsync(client, $"/api/v1/migration-waves/{wave}/reject", new { });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("Say why the wave goes back to planning, so the architect knows what to change.",
            (await JsonAsync(noReason)).GetProperty("errors").GetProperty("comment")[0].GetString());
        Assert.Equal(MigrationWaveStatus.PendingApproval, await WaveStatusAsync(wave));
        var tooLong = await PostAsync(client, $"/api/v1/migration-waves/{wave}/reject", new { comment = new string('x', 5000) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await JsonAsync(tooLong)).GetProperty("errors").TryGetProperty("comment", out _));

        var rejected = await PostAsync(client, $"/api/v1/migration-waves/{wave}/reject", new { comment = "the window clashes with the sale" });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("Draft", (await JsonAsync(rejected)).GetProperty("status").GetString());
        Assert.Equal(MigrationWaveStatus.Draft, await WaveStatusAsync(wave));
    }

    [Fact]
    public async Task NobodyDecidesOnAWaveTheyPlanned_403AndTheWaveWaits()
    {
        var (_, wave) = await portal.MigrationWaveAsync(portal.Webshop, "shop-frontend", "priya", "priya's own plan");
        using var client = portal.Client(await portal.TokenAsync("priya", "own wave", portal.Webshop, Permission.ViewTenant, Permission.ApproveMigrations));

        var approve = await PostAsync(client, $"/api/v1/migration-waves/{wave}/approve", new { comment = "mine" });
        var reject = await PostAsync(client, $"/api/v1/migration-waves/{wave}/reject", new { comment = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Contains("so you cannot approve it", (await JsonAsync(approve)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.Equal(MigrationWaveStatus.PendingApproval, await WaveStatusAsync(wave));
    }

    [Fact]
    public async Task ATokenWithoutTheRights_Gets403_NoToken401_UnknownIds404()
    {
        var (plan, wave) = await portal.MigrationWaveAsync(portal.Webshop, "shop-frontend", "archie", "refused over the api");
        // Priya holds ApproveMigrations, but this token of hers does not carry it; Alice (an owner) cannot hold it at all.
        using var priyaReadOnly = portal.Client(await portal.TokenAsync("priya", "no approving", portal.Webshop, Permission.ViewTenant));
        using var alice = portal.Client(await portal.TokenAsync("alice", "owner approving", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup));
        using var backupsOnly = portal.Client(await portal.TokenAsync("priya", "backups only", portal.Webshop, Permission.ApproveBackup));
        using var anonymous = portal.Client();

        foreach (var client in new[] { priyaReadOnly, alice })
        {
            var refused = await PostAsync(client, $"/api/v1/migration-waves/{wave}/approve", new { comment = "x" });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Only platform engineers can approve migration waves.", (await JsonAsync(refused)).GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await backupsOnly.GetAsync("/api/v1/migration-plans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await backupsOnly.GetAsync($"/api/v1/migration-plans/{plan}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/migration-plans")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, $"/api/v1/migration-waves/{wave}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await priyaReadOnly.GetAsync($"/api/v1/migration-plans/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(MigrationWaveStatus.PendingApproval, await WaveStatusAsync(wave));
    }

    [Fact]
    public async Task ATokenCannotCarryApproveMigrations_ItsOwnerDoesNotHold()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => portal.TokenAsync("archie", "architect approving", portal.Webshop, Permission.ApproveMigrations));
        Assert.Contains("approve migration waves", refused.Message);
    }
}
