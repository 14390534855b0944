using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>VolumeSnapshot declares the status subresource (Velero's CRDs do not), so it carries these rules.</summary>
public sealed class StatusSubresourceTests
{
    private const string Snapshots = "/apis/snapshot.storage.k8s.io/v1/namespaces/analytics/volumesnapshots";

    private static JsonObject Snapshot() => new()
    {
        ["apiVersion"] = "snapshot.storage.k8s.io/v1",
        ["kind"] = "VolumeSnapshot",
        ["metadata"] = new JsonObject { ["name"] = "vs1", ["namespace"] = "analytics" },
        ["spec"] = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = "warehouse" } },
        ["status"] = new JsonObject { ["readyToUse"] = true, ["restoreSize"] = "5Gi" },
    };

    [Fact]
    public async Task Create_WithStatus_IgnoresStatus()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (_, body) = await client.PostAsync(Snapshots, Snapshot());

        Assert.Null(body!["status"]);
    }

    [Fact]
    public async Task MainResourcePatch_ChangingStatusAndSpec_KeepsStatusAndBumpsGeneration()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(Snapshots, Snapshot());
        await client.PatchAsync($"{Snapshots}/vs1/status", JsonNode.Parse("""{"status":{"readyToUse":false}}""")!, "application/merge-patch+json");

        var (_, body) = await client.PatchAsync($"{Snapshots}/vs1",
            JsonNode.Parse("""{"spec":{"volumeSnapshotClassName":"csi-aws-vsc"},"status":{"readyToUse":true}}""")!, "application/merge-patch+json");

        Assert.False((bool)body!["status"]!["readyToUse"]!);
        Assert.Equal("csi-aws-vsc", (string?)body["spec"]!["volumeSnapshotClassName"]);
        Assert.Equal(2, (long?)body["metadata"]!["generation"]);
    }

    [Fact]
    public async Task StatusPatch_ChangingSpecAndStatus_ChangesOnlyStatusAndKeepsGeneration()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(Snapshots, Snapshot());

        var (code, body) = await client.PatchAsync($"{Snapshots}/vs1/status",
            JsonNode.Parse("""{"spec":{"volumeSnapshotClassName":"ignored"},"status":{"readyToUse":true,"restoreSize":"5Gi"}}""")!, "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.True((bool)body!["status"]!["readyToUse"]!);
        Assert.Null(body["spec"]!["volumeSnapshotClassName"]);
        Assert.Equal(1, (long?)body["metadata"]!["generation"]);
    }

    [Fact]
    public async Task StatusOnResourceWithoutSubresource_Returns404()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (code, _) = await client.GetAsync($"{Objects.Backups}/daily/status");

        Assert.Equal(HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task LabelOnlyChange_KeepsGeneration()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1"));

        var (_, body) = await client.PatchAsync($"{Objects.Backups}/b1", JsonNode.Parse("""{"metadata":{"labels":{"a":"b"}}}""")!, "application/merge-patch+json");

        Assert.Equal(1, (long?)body!["metadata"]!["generation"]);
    }
}
