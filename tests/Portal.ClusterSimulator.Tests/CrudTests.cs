using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class CrudTests
{
    [Fact]
    public async Task Create_ValidBackup_Returns201WithServerMetadata()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PostAsync(Objects.Backups, Objects.Backup("b1", "shop-frontend"));

        Assert.Equal(HttpStatusCode.Created, code);
        var meta = body!["metadata"]!;
        Assert.False(string.IsNullOrEmpty((string?)meta["uid"]));
        Assert.False(string.IsNullOrEmpty((string?)meta["creationTimestamp"]));
        Assert.True(long.Parse((string)meta["resourceVersion"]!) > 0);
        Assert.Equal(1, (long?)meta["generation"]);
    }

    [Fact]
    public async Task Get_AfterCreate_ReturnsSameObject()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1", "shop-frontend"));

        var (code, body) = await client.GetAsync($"{Objects.Backups}/b1");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("shop-frontend", (string?)body!["spec"]!["includedNamespaces"]![0]);
    }

    [Fact]
    public async Task Create_DuplicateName_Returns409AlreadyExists()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1"));

        var (code, body) = await client.PostAsync(Objects.Backups, Objects.Backup("b1"));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("AlreadyExists", (string?)body!["reason"]);
    }

    [Fact]
    public async Task Create_SchemaViolation_Returns422WithCauses()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("b1");
        backup["spec"]!["ttl"] = 42; // must be a string

        var (code, body) = await client.PostAsync(Objects.Backups, backup);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Equal("Invalid", (string?)body!["reason"]);
        Assert.Contains(body["details"]!["causes"]!.AsArray(), c => (string?)c?["field"] == "spec.ttl");
    }

    [Fact]
    public async Task Create_UnknownFieldWithStrict_Returns422()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("b1");
        backup["spec"]!["foo"] = "bar";

        var (code, body) = await client.PostAsync(Objects.Backups + "?fieldValidation=Strict", backup);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains("field not declared in schema", (string?)body!["message"]);
    }

    [Fact]
    public async Task Create_UnknownFieldWithoutStrict_IsPrunedSilently()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("b1");
        backup["spec"]!["foo"] = "bar";

        var (code, body) = await client.PostAsync(Objects.Backups, backup);

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Null(body!["spec"]!["foo"]);
    }

    [Fact]
    public async Task Create_InMissingNamespace_Returns404()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PostAsync("/api/v1/namespaces/nope/configmaps", Objects.ConfigMap("nope", "c1"));

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", (string?)body!["reason"]);
        Assert.Contains("namespaces \"nope\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task Create_WithResourceVersion_IsRefused()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("b1");
        backup["metadata"]!["resourceVersion"] = "12";

        var (code, body) = await client.PostAsync(Objects.Backups, backup);

        Assert.False(((int)code) is >= 200 and < 300);
        Assert.Contains("resourceVersion should not be set", (string?)body!["message"]);
    }

    [Fact]
    public async Task Create_WithGenerateName_GetsUniqueName()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("x");
        backup["metadata"]!.AsObject().Remove("name");
        backup["metadata"]!["generateName"] = "portal-";

        var (_, first) = await client.PostAsync(Objects.Backups, backup);
        var (_, second) = await client.PostAsync(Objects.Backups, backup);

        Assert.StartsWith("portal-", (string?)first!["metadata"]!["name"]);
        Assert.NotEqual((string?)first["metadata"]!["name"], (string?)second!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Get_Missing_Returns404NotFound()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (code, body) = await client.GetAsync($"{Objects.Backups}/nope");

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("backups.velero.io \"nope\" not found", (string?)body!["message"]);
    }

    [Fact]
    public async Task List_WithLabelSelector_FiltersAndCarriesResourceVersion()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (_, daily) = await client.GetAsync("/api/v1/namespaces?labelSelector=backup%3Ddaily");
        var (_, set) = await client.GetAsync("/api/v1/namespaces?labelSelector=team%20in%20(billing,data)");
        var (_, notShop) = await client.GetAsync("/api/v1/namespaces?labelSelector=team,team!%3Dshop");

        Assert.Equal("NamespaceList", (string?)daily!["kind"]);
        Assert.False(string.IsNullOrEmpty((string?)daily["metadata"]!["resourceVersion"]));
        Assert.Equal(["billing-api", "shop-frontend", "shop-payments"], Names(daily));
        Assert.Equal(["analytics", "billing-api"], Names(set));
        Assert.DoesNotContain("shop-frontend", Names(notShop));
        Assert.Contains("analytics", Names(notShop));
    }

    [Fact]
    public async Task List_WithFieldSelectorOnName_ReturnsOnlyThatObject()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (_, body) = await client.GetAsync("/api/v1/namespaces?fieldSelector=metadata.name%3Dvelero&limit=500");

        Assert.Equal(["velero"], Names(body));
    }

    [Fact]
    public async Task List_AcrossNamespaces_ReturnsBackupsOfAllNamespaces()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (code, body) = await client.GetAsync("/apis/velero.io/v1/backups");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(2, body!["items"]!.AsArray().Count);
        Assert.All(body["items"]!.AsArray(), b => Assert.Equal("daily", (string?)b!["metadata"]!["labels"]!["velero.io/schedule-name"]));
    }

    [Fact]
    public async Task Delete_Existing_RemovesItAndReturnsObject()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1"));

        var (code, body) = await client.SendAsync(HttpMethod.Delete, $"{Objects.Backups}/b1", """{"propagationPolicy":"Background"}""", "application/json");
        var (after, _) = await client.GetAsync($"{Objects.Backups}/b1");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("b1", (string?)body!["metadata"]!["name"]);
        Assert.Equal(HttpStatusCode.NotFound, after);
    }

    [Fact]
    public async Task DeleteNamespace_WithContent_TerminatesThenRemovesEverything()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (code, body) = await client.DeleteAsync("/api/v1/namespaces/analytics");
        var (_, cms) = await client.GetAsync("/api/v1/namespaces/analytics/configmaps");
        await Eventually.UntilAsync(async () => (await client.GetAsync("/api/v1/namespaces/analytics")).Code.ToString(), c => c == "NotFound", "namespace removal");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Terminating", Objects.Phase(body));
        Assert.Empty(cms!["items"]!.AsArray());
    }

    [Fact]
    public async Task Put_StaleResourceVersion_Returns409Conflict()
    {
        // a controller that never steps, so nothing else writes the backup meanwhile
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var (_, created) = await client.PostAsync(Objects.Backups, Objects.Backup("b1"));
        var stale = created!.DeepClone();
        created["spec"]!["ttl"] = "1h0m0s";
        var (firstCode, _) = await client.PutAsync($"{Objects.Backups}/b1", created);

        stale["spec"]!["ttl"] = "2h0m0s";
        var (code, body) = await client.PutAsync($"{Objects.Backups}/b1", stale);

        Assert.Equal(HttpStatusCode.OK, firstCode);
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", (string?)body!["reason"]);
    }

    [Fact]
    public async Task Put_CustomResourceWithoutResourceVersion_Returns422()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1"));

        var (code, _) = await client.PutAsync($"{Objects.Backups}/b1", Objects.Backup("b1"));

        Assert.Equal((HttpStatusCode)422, code);
    }

    [Fact]
    public async Task Put_SpecChange_IncrementsGenerationAndResourceVersion()
    {
        // a controller that never steps, so nothing else writes the backup meanwhile
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var (_, created) = await client.PostAsync(Objects.Backups, Objects.Backup("b1"));
        var rv = long.Parse((string)created!["metadata"]!["resourceVersion"]!);
        created["spec"]!["ttl"] = "1h0m0s";

        var (_, updated) = await client.PutAsync($"{Objects.Backups}/b1", created);

        Assert.Equal(2, (long?)updated!["metadata"]!["generation"]);
        Assert.True(long.Parse((string)updated["metadata"]!["resourceVersion"]!) > rv);
    }

    [Fact]
    public async Task Delete_WithFinalizer_WaitsUntilLastFinalizerRemoved()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("held");
        backup["metadata"]!["finalizers"] = new JsonArray("portal.example/cleanup");
        await client.PostAsync(Objects.Backups, backup);

        var (deleteCode, marked) = await client.DeleteAsync($"{Objects.Backups}/held");
        var (stillThere, _) = await client.GetAsync($"{Objects.Backups}/held");
        await client.PatchAsync($"{Objects.Backups}/held", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, "application/merge-patch+json");
        var (gone, _) = await client.GetAsync($"{Objects.Backups}/held");

        Assert.Equal(HttpStatusCode.OK, deleteCode);
        Assert.NotNull(marked!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(HttpStatusCode.OK, stillThere);
        Assert.Equal(HttpStatusCode.NotFound, gone);
    }

    internal static List<string?> Names(JsonNode? list) =>
        list!["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]).Order().ToList();
}
