using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>Restores (preview and ask) and database dumps (list, dump now) over real HTTP on PostgreSQL: the restore form's and the
/// database page's use cases, with their rules, the token's scopes and the tenants' walls.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed class RestoreAndDumpApiTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? key = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null) message.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(message);
    }

    private string Restores(Guid ns) => $"/api/v1/namespaces/{ns}/restores";
    private string Preview(Guid ns, string backup, string query) => $"/api/v1/namespaces/{ns}/backups/{backup}/restore-preview?{query}";
    private static string Dumps(Guid database) => $"/api/v1/databases/{database}/dumps";

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {body}");
        return messages[0].GetString()!;
    }

    private Task<int> RequestCountAsync() => portal.DbAsync(db => db.Requests.CountAsync());

    [Fact]
    public async Task AskForRestore_Answers202WithTheRequestsAddress_WhichShowsItsTimeline()
    {
        var token = await portal.TokenAsync("alice", "restore script", portal.Webshop, Permission.ViewTenant, Permission.RequestRestore);
        using var client = portal.Client(token);

        var asked = await PostAsync(client, Restores(portal.ShopNamespace), new
        {
            backupName = ApiPortal.ShopBackup, targetNamespace = "shop-frontend-copy", existingResourcePolicy = "update", restoreVolumes = false,
            reason = "compare with yesterday",
        });

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var id = (await JsonAsync(asked)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/requests/{id}", asked.Headers.Location?.OriginalString);
        var details = await JsonAsync(await client.GetAsync(asked.Headers.Location));
        Assert.Equal("NamespaceRestore", details.GetProperty("summary").GetProperty("kind").GetString());
        Assert.Equal("shop-frontend-copy", details.GetProperty("summary").GetProperty("targetNamespace").GetString());
        Assert.Contains("restore script", details.GetProperty("summary").GetProperty("requestedBy").GetString());
        Assert.NotEqual(0, details.GetProperty("timeline").GetArrayLength());
        // What the approver sees before deciding: the preview of the asked restore, paged; another tenant's request does not exist.
        var sam = await portal.TokenAsync("sam", "restore approver", portal.Webshop, Permission.ViewTenant, Permission.ApproveRestore);
        using var samClient = portal.Client(sam);
        var asked1 = await JsonAsync(await samClient.GetAsync($"/api/v1/requests/{id}/restore-preview?limit=5&page=1"));
        Assert.Equal("shop-frontend-copy", asked1.GetProperty("targetNamespace").GetString());
        Assert.Equal(2 + ApiPreviewGateway.ConfigMaps, asked1.GetProperty("items").GetProperty("totalCount").GetInt32());
        Assert.Equal(5, asked1.GetProperty("items").GetProperty("items").GetArrayLength());
        var bob = await portal.TokenAsync("bob", "bob peeks", portal.Billing, Permission.ViewTenant, Permission.RequestRestore);
        using var bobClient = portal.Client(bob);
        Assert.Equal(HttpStatusCode.NotFound, (await bobClient.GetAsync($"/api/v1/requests/{id}/restore-preview")).StatusCode);
        var stored = await portal.DbAsync(db => db.Requests.SingleAsync(r => r.Id == id));
        Assert.Equal(ApiPortal.ShopBackup, stored.RestoreParameters.BackupName);
        Assert.Equal(ExistingResourcePolicy.Update, stored.RestoreParameters.ExistingResourcePolicy);
        Assert.False(stored.RestoreParameters.RestoreVolumes);
    }

    [Fact]
    public async Task RestorePreview_IsPagedAndFilteredOnTheServer()
    {
        var token = await portal.TokenAsync("alice", "preview", portal.Webshop, Permission.ViewTenant, Permission.RequestRestore);
        using var client = portal.Client(token);
        var all = 2 + ApiPreviewGateway.ConfigMaps; // the namespace, the Deployment and the ConfigMaps

        var last = await client.GetAsync(Preview(portal.ShopNamespace, ApiPortal.ShopBackup, "targetNamespace=shop-frontend-preview&limit=10&page=3"));

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        var page = await JsonAsync(last);
        Assert.Equal("shop-frontend-preview", page.GetProperty("targetNamespace").GetString());
        Assert.Equal(all, page.GetProperty("items").GetProperty("totalCount").GetInt32());
        Assert.Equal(all - 30, page.GetProperty("items").GetProperty("items").GetArrayLength());
        Assert.Equal(all, page.GetProperty("totals").GetProperty("Create").GetInt32());
        var configMaps = await JsonAsync(await client.GetAsync(Preview(portal.ShopNamespace, ApiPortal.ShopBackup,
            "targetNamespace=shop-frontend-preview&outcome=create&kind=ConfigMap&limit=200")));
        Assert.Equal(ApiPreviewGateway.ConfigMaps, configMaps.GetProperty("items").GetProperty("totalCount").GetInt32());
        Assert.All(configMaps.GetProperty("items").GetProperty("items").EnumerateArray(), i => Assert.Equal("ConfigMap", i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task BadRestoreInput_IsRefusedWithTheUseCasesWords_NextToTheApisField_AndWritesNothing()
    {
        var token = await portal.TokenAsync("alice", "restore validation", portal.Webshop, Permission.ViewTenant, Permission.RequestRestore);
        using var client = portal.Client(token);
        var before = await RequestCountAsync();
        var backup = ApiPortal.ShopBackup;

        foreach (var (body, field, words) in new (object, string, string)[]
                 {
                     (new { targetNamespace = "shop-new" }, "backupName", "Choose the backup to restore from"),
                     (new { backupName = "no-such-backup", targetNamespace = "shop-new" }, "backupName", "does not exist on cluster prod-east"),
                     (new { backupName = ApiPortal.FailedShopBackup, targetNamespace = "shop-new" }, "backupName", "only a Completed or PartiallyFailed"),
                     (new { backupName = backup }, "targetNamespace", "target namespace"),
                     (new { backupName = backup, targetNamespace = "kube-tools" }, "targetNamespace", "Names starting with 'kube-'"),
                     (new { backupName = backup, targetNamespace = "Shop_New" }, "targetNamespace", "target namespace"),
                     (new { backupName = backup, targetNamespace = "billing-api" }, "targetNamespace", "belongs to another tenant"),
                     (new { backupName = backup, targetNamespace = "legacy-app" }, "targetNamespace", "already exists on cluster prod-east and is not owned"),
                     (new { backupName = backup, targetNamespace = "shop-frontend" }, "confirmExistingTarget", "Confirm the restore into the live namespace"),
                     (new { backupName = backup, targetNamespace = "shop-new", existingResourcePolicy = "Replace" }, "existingResourcePolicy",
                         "existingResourcePolicy must be one of None, Update (it is 'Replace')"),
                     (new { backupName = backup, targetNamespace = "shop-new", existingResourcePolicy = "1" }, "existingResourcePolicy", "must be one of None, Update"),
                     (new { backupName = backup, targetNamespace = "shop-frontend", targetClusterId = portal.DrCluster,
                         storageClassMap = new Dictionary<string, string> { ["fast"] = " " } }, "storageClassMap", "A storage class mapping needs both classes"),
                 })
        {
            var refused = await PostAsync(client, Restores(portal.ShopNamespace), body);
            Assert.Contains(words, await FieldErrorAsync(refused, field));
        }

        foreach (var (query, field, words) in new[]
                 {
                     ("existingResourcePolicy=None", "targetNamespace", "target namespace"),
                     ("targetNamespace=kube-tools", "targetNamespace", "Names starting with 'kube-'"),
                     ("targetNamespace=shop-new&outcome=Gone", "outcome", "outcome must be one of Create, Skip, Update, NotRestored, Unknown"),
                     ("targetNamespace=shop-new&restoreVolumes=maybe", "restoreVolumes", "restoreVolumes must be true or false"),
                     ("targetNamespace=shop-new&limit=0", "limit", "limit must be between 1 and 200"),
                     ("targetNamespace=shop-new&page=-1", "page", "page counts from 0"),
                 })
            Assert.Contains(words, await FieldErrorAsync(await client.GetAsync(Preview(portal.ShopNamespace, backup, query)), field));
        Assert.Contains("does not exist", await FieldErrorAsync(await client.GetAsync(Preview(portal.ShopNamespace, "no-such-backup", "targetNamespace=shop-new")),
            "backupName"));

        Assert.Equal(before, await RequestCountAsync());
    }

    [Fact]
    public async Task TheReferencePage_ListsTheRestoreAndDumpEndpoints()
    {
        using var client = portal.Client();
        var reference = await client.GetStringAsync("/api/v1/reference");
        foreach (var route in new[]
                 {
                     "/api/v1/namespaces/{id}/backups/{backup}/restore-preview", "/api/v1/namespaces/{id}/restores", "/api/v1/databases",
                     "/api/v1/databases/{id}", "/api/v1/databases/{id}/dumps", "/api/v1/requests/{id}/restore-preview",
                 })
            Assert.Contains($"<code>{route}</code>", reference);
    }

    [Fact]
    public async Task AValueThatCannotBeRead_Answers400ProblemDetails_AndNothingRunsWithADefault()
    {
        var token = await portal.TokenAsync("alice", "unreadable", portal.Webshop, Permission.ViewTenant, Permission.RequestRestore);
        using var client = portal.Client(token);
        var before = await RequestCountAsync();

        foreach (var (response, words) in new[]
                 {
                     (await client.GetAsync(Preview(portal.ShopNamespace, ApiPortal.ShopBackup, "targetNamespace=shop-new&limit=abc")), "limit must be a whole number"),
                     (await client.GetAsync("/api/v1/requests?limit=abc"), "limit must be a whole number"),
                     (await client.PostAsync(Restores(portal.ShopNamespace), new StringContent(
                         $"{{\"backupName\":\"{ApiPortal.ShopBackup}\",\"targetNamespace\":\"shop-unread\",\"restoreVolumes\":\"yes\"}}",
                         System.Text.Encoding.UTF8, "application/json")), "restoreVolumes must be true or false"),
                     (await client.PostAsync(Restores(portal.ShopNamespace), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")),
                         "not valid JSON"),
                 })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(words, (await JsonAsync(response)).GetProperty("detail").GetString());
        }
        Assert.Equal(before, await RequestCountAsync());
    }

    [Fact]
    public async Task NoToken_Answers401_OnEveryNewEndpoint()
    {
        using var client = portal.Client();
        foreach (var response in new[]
                 {
                     await client.GetAsync(Preview(portal.ShopNamespace, ApiPortal.ShopBackup, "targetNamespace=shop-new")),
                     await PostAsync(client, Restores(portal.ShopNamespace), new { backupName = ApiPortal.ShopBackup, targetNamespace = "shop-new" }),
                     await client.GetAsync("/api/v1/databases"),
                     await client.GetAsync($"/api/v1/databases/{portal.ShopDatabase}"),
                     await client.GetAsync(Dumps(portal.ShopDatabase)),
                     await client.GetAsync($"/api/v1/requests/{Guid.NewGuid()}/restore-preview"),
                     await PostAsync(client, Dumps(portal.ShopDatabase), new { scheduleId = portal.ShopSchedule }),
                 })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ATokenWithoutTheScope_OrAPersonaWithoutTheRight_IsRefused403_AndWritesNothing()
    {
        // Alice may restore (she is an owner), but this token carries only asking for backups.
        var backupOnly = await portal.TokenAsync("alice", "backups only", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        // Dina is the database engineer, but this token does not carry managing databases.
        var dinaBackupOnly = await portal.TokenAsync("dina", "dina backups only", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        using var alice = portal.Client(backupOnly);
        using var dina = portal.Client(dinaBackupOnly);
        var before = await RequestCountAsync();

        var restore = await PostAsync(alice, Restores(portal.ShopNamespace), new { backupName = ApiPortal.ShopBackup, targetNamespace = "shop-scoped" });
        Assert.Equal(HttpStatusCode.Forbidden, restore.StatusCode);
        Assert.Contains("You may not request restores of shop-frontend", (await JsonAsync(restore)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden,
            (await alice.GetAsync(Preview(portal.ShopNamespace, ApiPortal.ShopBackup, "targetNamespace=shop-scoped"))).StatusCode);
        var scopedDump = await PostAsync(dina, Dumps(portal.ShopDatabase), new { scheduleId = portal.ShopSchedule, reason = "scoped" });
        Assert.Equal(HttpStatusCode.Forbidden, scopedDump.StatusCode);
        Assert.Contains("Only database engineers", (await JsonAsync(scopedDump)).GetProperty("detail").GetString());
        // An owner holds no right over databases: her token cannot carry it, and she cannot dump.
        var ownerDump = await PostAsync(alice, Dumps(portal.ShopDatabase), new { scheduleId = portal.ShopSchedule, reason = "owner" });
        Assert.Equal(HttpStatusCode.Forbidden, ownerDump.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            portal.TokenAsync("alice", "alice databases", portal.Webshop, Permission.ViewTenant, Permission.ManageDatabases));
        // Reading is the tenant's: the backups-only token still lists the databases and their dumps.
        Assert.Equal(HttpStatusCode.OK, (await dina.GetAsync(Dumps(portal.ShopDatabase))).StatusCode);

        Assert.Equal(before, await RequestCountAsync());
    }

    [Fact]
    public async Task AnotherTenantsNamespaceAndDatabase_Answer404_AndWriteNothing()
    {
        var bob = await portal.TokenAsync("bob", "bob restores", portal.Billing, Permission.ViewTenant, Permission.RequestRestore);
        var bert = await portal.TokenAsync("bert", "bert dumps", portal.Billing, Permission.ViewTenant, Permission.ManageDatabases);
        var dina = await portal.TokenAsync("dina", "dina dumps across", portal.Webshop, Permission.ViewTenant, Permission.ManageDatabases);
        using var bobClient = portal.Client(bob);
        using var bertClient = portal.Client(bert);
        using var dinaClient = portal.Client(dina);
        var before = await RequestCountAsync();

        Assert.Equal(HttpStatusCode.NotFound,
            (await bobClient.GetAsync(Preview(portal.ShopNamespace, ApiPortal.ShopBackup, "targetNamespace=billing-restored"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bobClient, Restores(portal.ShopNamespace),
            new { backupName = ApiPortal.ShopBackup, targetNamespace = "billing-restored" })).StatusCode);
        var databases = await JsonAsync(await bertClient.GetAsync("/api/v1/databases"));
        Assert.Equal(new[] { "billing-db" }, databases.EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await bertClient.GetAsync($"/api/v1/databases/{portal.ShopDatabase}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bertClient.GetAsync(Dumps(portal.ShopDatabase))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bertClient, Dumps(portal.ShopDatabase), new { scheduleId = portal.ShopSchedule })).StatusCode);
        // Their own database's address with another tenant's schedule, and the other way round.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bertClient, Dumps(portal.BillingDatabase), new { scheduleId = portal.ShopSchedule })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(dinaClient, Dumps(portal.BillingDatabase), new { scheduleId = portal.ShopSchedule })).StatusCode);

        Assert.Equal(before, await RequestCountAsync());
    }

    [Fact]
    public async Task Databases_AndTheirDumps_AreListedPaged_AndDumpNowAnswers202WithTheRequestsAddress()
    {
        var token = await portal.TokenAsync("dina", "dump script", portal.Webshop, Permission.ViewTenant, Permission.ManageDatabases);
        using var client = portal.Client(token);

        var databases = await JsonAsync(await client.GetAsync("/api/v1/databases"));
        Assert.Equal(new[] { "shop-cache-db", "shop-db" }, databases.EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToArray());
        var details = await JsonAsync(await client.GetAsync($"/api/v1/databases/{portal.ShopDatabase}"));
        Assert.Equal(portal.ShopSchedule, Assert.Single(details.GetProperty("schedules").EnumerateArray()).GetProperty("id").GetGuid());
        var first = await JsonAsync(await client.GetAsync($"{Dumps(portal.ShopDatabase)}?limit=2"));
        var second = await JsonAsync(await client.GetAsync($"{Dumps(portal.ShopDatabase)}?limit=2&page=1"));
        Assert.Equal(ApiPortal.ShopDumps, first.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(ApiPortal.ShopDumps - 2, second.GetProperty("items").GetArrayLength());
        Assert.Empty(first.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid())
            .Intersect(second.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid())));
        Assert.Equal(0, (await JsonAsync(await client.GetAsync($"{Dumps(portal.ShopDatabase)}?status=Running"))).GetProperty("totalCount").GetInt32());
        Assert.Contains("status must be one of Running, Succeeded, Failed",
            await FieldErrorAsync(await client.GetAsync($"{Dumps(portal.ShopDatabase)}?status=Done"), "status"));
        Assert.Contains("limit must be between 1 and 200", await FieldErrorAsync(await client.GetAsync($"{Dumps(portal.ShopDatabase)}?limit=201"), "limit"));

        var before = await RequestCountAsync();
        Assert.Contains("Choose the schedule", await FieldErrorAsync(await PostAsync(client, Dumps(portal.ShopDatabase), new { reason = "no schedule" }), "scheduleId"));
        Assert.Contains("belongs to database shop-cache-db", await FieldErrorAsync(
            await PostAsync(client, Dumps(portal.ShopDatabase), new { scheduleId = portal.CacheSchedule, reason = "wrong schedule" }), "scheduleId"));
        Assert.Equal(before, await RequestCountAsync());

        var asked = await PostAsync(client, Dumps(portal.ShopDatabase), new { scheduleId = portal.ShopSchedule, reason = "before the migration" });

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var id = (await JsonAsync(asked)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/requests/{id}", asked.Headers.Location?.OriginalString);
        var request = await JsonAsync(await client.GetAsync(asked.Headers.Location));
        Assert.Equal("DatabaseDump", request.GetProperty("summary").GetProperty("kind").GetString());
        Assert.Equal("Queued", request.GetProperty("summary").GetProperty("status").GetString());
        Assert.NotEqual(0, request.GetProperty("timeline").GetArrayLength());
        Assert.Equal(before + 1, await RequestCountAsync());
    }

    [Fact]
    public async Task IdempotencyKey_ARetriedRestoreOrDump_GetsTheFirstAnswer_AndAsksOnce()
    {
        var alice = await portal.TokenAsync("alice", "retrying restorer", portal.Webshop, Permission.ViewTenant, Permission.RequestRestore);
        var dina = await portal.TokenAsync("dina", "retrying dumper", portal.Webshop, Permission.ViewTenant, Permission.ManageDatabases);
        using var aliceClient = portal.Client(alice);
        using var dinaClient = portal.Client(dina);
        var restoreKey = Guid.NewGuid().ToString();
        var dumpKey = Guid.NewGuid().ToString();
        var restore = new { backupName = ApiPortal.ShopBackup, targetNamespace = "shop-frontend-retry", reason = "retried restore" };
        var dump = new { scheduleId = portal.CacheSchedule, reason = "retried dump" };

        var firstRestore = await PostAsync(aliceClient, Restores(portal.ShopNamespace), restore, restoreKey);
        var retriedRestore = await PostAsync(aliceClient, Restores(portal.ShopNamespace), restore, restoreKey);
        var firstDump = await PostAsync(dinaClient, Dumps(portal.CacheDatabase), dump, dumpKey);
        var retriedDump = await PostAsync(dinaClient, Dumps(portal.CacheDatabase), dump, dumpKey);

        foreach (var (first, retry) in new[] { (firstRestore, retriedRestore), (firstDump, retriedDump) })
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
            Assert.Equal((await JsonAsync(first)).GetProperty("id").GetGuid(), (await JsonAsync(retry)).GetProperty("id").GetGuid());
            Assert.Equal(first.Headers.Location, retry.Headers.Location);
        }
        Assert.Equal(1, await portal.DbAsync(db => db.Requests.CountAsync(r => r.Reason == "retried restore")));
        Assert.Equal(1, await portal.DbAsync(db => db.Requests.CountAsync(r => r.Reason == "retried dump")));
    }
}
