using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>Server-side apply as kube-apiserver does it: field manager required, create on apply, field ownership
/// recorded in managedFields, conflicts with other managers unless forced, dropped fields removed.</summary>
public sealed class ServerSideApplyTests
{
    private const string Apply = "application/apply-patch+yaml";
    private const string ConfigMaps = "/api/v1/namespaces/velero/configmaps";

    private static JsonObject Config(string name, JsonObject data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
        ["data"] = data,
    };

    private static JsonObject? Entry(JsonNode? obj, string manager, string operation) =>
        obj?["metadata"]?["managedFields"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["manager"] == manager && (string?)e["operation"] == operation);

    [Fact]
    public async Task Apply_WithoutFieldManager_Is422PatchOptions()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PatchAsync($"{ConfigMaps}/c1", Config("c1", new JsonObject { ["a"] = "1" }), Apply);

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains("fieldManager: Required value: is required for apply patch", (string?)body!["message"]);
        Assert.Equal("PatchOptions", (string?)body["details"]!["kind"]);
        Assert.Null(cluster.Store.Get("v1", "ConfigMap", "velero", "c1"));
    }

    [Fact]
    public async Task MergePatch_WithForce_Is422()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(ConfigMaps, Config("c1", new JsonObject { ["a"] = "1" }));

        var (code, body) = await client.PatchAsync($"{ConfigMaps}/c1?force=true",
            JsonNode.Parse("""{"data":{"a":"2"}}""")!, "application/merge-patch+json");

        Assert.Equal((HttpStatusCode)422, code);
        Assert.Contains("force: Forbidden: may not be specified for non-apply patch", (string?)body!["message"]);
    }

    [Fact]
    public async Task Apply_MissingObject_Creates201WithTheApplierOwningItsFields()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=portal",
            Config("c1", new JsonObject { ["a"] = "1" }), Apply);

        Assert.Equal(HttpStatusCode.Created, code);
        var entry = Entry(body, "portal", "Apply");
        Assert.NotNull(entry);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        Assert.NotNull(entry["fieldsV1"]!["f:data"]!["f:a"]);
        Assert.Equal("1", (string?)cluster.Store.Get("v1", "ConfigMap", "velero", "c1")!["data"]!["a"]);
    }

    [Fact]
    public async Task Apply_InMissingNamespace_Is404()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (code, _) = await client.PatchAsync("/api/v1/namespaces/nowhere/configmaps/c1?fieldManager=portal",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "c1" } }, Apply);

        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Create_ByPost_RecordsAnUpdateByTheNamedManager()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (_, body) = await client.PostAsync($"{ConfigMaps}?fieldManager=someone", Config("c1", new JsonObject { ["a"] = "1" }));

        var entry = Entry(body, "someone", "Update");
        Assert.NotNull(entry);
        Assert.Equal("v1", (string?)entry["apiVersion"]);
        Assert.NotNull(entry["fieldsV1"]!["f:data"]!["f:a"]);
    }

    [Fact]
    public async Task Apply_FieldAnotherManagerSetOtherwise_Is409NamingManagerAndField()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync($"{ConfigMaps}?fieldManager=someone", Config("c1", new JsonObject { ["a"] = "1", ["b"] = "x" }));

        var (code, body) = await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=portal",
            Config("c1", new JsonObject { ["a"] = "2", ["b"] = "x" }), Apply);

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"someone\" using v1: .data.a", (string?)body!["message"]);
        Assert.Equal("FieldManagerConflict", (string?)body["details"]!["causes"]![0]!["reason"]);
        Assert.Equal("1", (string?)cluster.Store.Get("v1", "ConfigMap", "velero", "c1")!["data"]!["a"]);
    }

    [Fact]
    public async Task Apply_Forced_TakesTheFieldOver()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync($"{ConfigMaps}?fieldManager=someone", Config("c1", new JsonObject { ["a"] = "1", ["b"] = "x" }));

        var (code, body) = await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=portal&force=true",
            Config("c1", new JsonObject { ["a"] = "2" }), Apply);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("2", "x"), ((string?)body!["data"]!["a"], (string?)body["data"]!["b"]));
        Assert.NotNull(Entry(body, "portal", "Apply")!["fieldsV1"]!["f:data"]!["f:a"]);
        var theirs = Entry(body, "someone", "Update")!["fieldsV1"]!["f:data"]!.AsObject();
        Assert.Equal(["f:b"], theirs.Select(p => p.Key));
    }

    [Fact]
    public async Task Apply_SameValueAsAnotherManager_IsNoConflict()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync($"{ConfigMaps}?fieldManager=someone", Config("c1", new JsonObject { ["a"] = "1" }));

        var (code, body) = await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=portal",
            Config("c1", new JsonObject { ["a"] = "1", ["c"] = "3" }), Apply);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.NotNull(Entry(body, "someone", "Update")!["fieldsV1"]!["f:data"]!["f:a"]); // shared
        Assert.NotNull(Entry(body, "portal", "Apply")!["fieldsV1"]!["f:data"]!["f:a"]);
    }

    [Fact]
    public async Task Apply_AgainWithoutAField_RemovesItUnlessAnotherManagerOwnsIt()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=portal", Config("c1", new JsonObject { ["a"] = "1", ["b"] = "2", ["c"] = "3" }), Apply);
        await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=someone", JsonNode.Parse("""{"data":{"c":"3"}}""")!, "application/merge-patch+json");
        await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=someone-else", JsonNode.Parse("""{"data":{"b":"two"}}""")!, "application/merge-patch+json");

        var (code, body) = await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=portal", Config("c1", new JsonObject { ["a"] = "1" }), Apply);

        Assert.Equal(HttpStatusCode.OK, code);
        var data = body!["data"]!.AsObject();
        // b changed hands when someone-else changed it; c, written again with the same value by someone, stayed the
        // portal's alone: only c goes
        Assert.Equal(["a", "b"], data.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Apply_BodyWithManagedFields_Is400()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var config = Config("c1", new JsonObject { ["a"] = "1" });
        config["metadata"]!["managedFields"] = new JsonArray();

        var (code, body) = await client.PatchAsync($"{ConfigMaps}/c1?fieldManager=portal", config, Apply);

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("metadata.managedFields must be nil", (string?)body!["message"]);
    }

    [Fact]
    public async Task Apply_StatusItsControllerWrote_Untouched()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("b1", "shop-frontend");
        await client.PatchAsync($"{Objects.Backups}/b1?fieldManager=portal", backup, Apply);
        // Velero's CRDs declare no status subresource: its server writes status through the main resource
        await client.PatchAsync($"{Objects.Backups}/b1?fieldManager=velero-server",
            JsonNode.Parse("""{"status":{"phase":"InProgress"}}""")!, "application/merge-patch+json");

        backup["spec"]!["ttl"] = "2h0m0s";
        var (code, body) = await client.PatchAsync($"{Objects.Backups}/b1?fieldManager=portal", backup, Apply);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("2h0m0s", "InProgress"), ((string?)body!["spec"]!["ttl"], (string?)body["status"]!["phase"]));
        Assert.NotNull(Entry(body, "velero-server", "Update")!["fieldsV1"]!["f:status"]!["f:phase"]);
    }
}
