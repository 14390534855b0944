using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class PatchTests
{
    [Fact]
    public async Task Patch_MergePatch_ChangesOnlyGivenFields()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1", "shop-frontend"));

        var (code, body) = await client.PatchAsync($"{Objects.Backups}/b1",
            JsonNode.Parse("""{"metadata":{"labels":{"team":"shop"}},"spec":{"ttl":"1h0m0s"}}""")!, "application/merge-patch+json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("shop", (string?)body!["metadata"]!["labels"]!["team"]);
        Assert.Equal("1h0m0s", (string?)body["spec"]!["ttl"]);
        Assert.Equal("shop-frontend", (string?)body["spec"]!["includedNamespaces"]![0]);
    }

    [Fact]
    public async Task Patch_JsonPatch_AppliesOperations()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1", "shop-frontend"));

        var (code, body) = await client.PatchAsync($"{Objects.Backups}/b1", JsonNode.Parse("""
            [{"op":"add","path":"/spec/includedNamespaces/-","value":"billing-api"},
             {"op":"replace","path":"/spec/ttl","value":"2h0m0s"},
             {"op":"test","path":"/metadata/name","value":"b1"}]
            """)!, "application/json-patch+json");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(2, body!["spec"]!["includedNamespaces"]!.AsArray().Count);
        Assert.Equal("2h0m0s", (string?)body["spec"]!["ttl"]);
    }

    [Fact]
    public async Task Patch_JsonPatchFailingTest_Returns422()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1"));

        var (code, _) = await client.PatchAsync($"{Objects.Backups}/b1",
            JsonNode.Parse("""[{"op":"test","path":"/spec/ttl","value":"nope"}]""")!, "application/json-patch+json");

        Assert.Equal((HttpStatusCode)422, code);
    }

    [Fact]
    public async Task Patch_StrategicMergeOnCustomResource_Returns415()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1"));

        var (code, body) = await client.PatchAsync($"{Objects.Backups}/b1",
            JsonNode.Parse("""{"spec":{"ttl":"1h0m0s"}}""")!, "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal("UnsupportedMediaType", (string?)body!["reason"]);
    }

    [Fact]
    public async Task Patch_StrategicMergeOnBuiltIn_IsAccepted()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PatchAsync("/api/v1/namespaces/analytics/configmaps/etl-runner-config",
            JsonNode.Parse("""{"data":{"LOG_LEVEL":"debug"}}""")!, "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("debug", (string?)body!["data"]!["LOG_LEVEL"]);
    }

    [Fact]
    public async Task Patch_SchemaViolation_Returns422()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1"));

        var (code, _) = await client.PatchAsync($"{Objects.Backups}/b1",
            JsonNode.Parse("""{"spec":{"snapshotVolumes":"yes"}}""")!, "application/merge-patch+json");

        Assert.Equal((HttpStatusCode)422, code);
    }

    [Fact]
    public async Task Patch_Missing_Returns404()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (code, _) = await client.PatchAsync($"{Objects.Backups}/nope", JsonNode.Parse("{}")!, "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.NotFound, code);
    }
}
