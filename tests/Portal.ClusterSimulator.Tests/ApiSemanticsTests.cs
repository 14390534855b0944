using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class ApiSemanticsTests
{
    [Fact]
    public async Task Create_UnknownFieldDefaultValidation_PrunesAndSendsWarningHeader()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var http = new ApiClient(cluster);
        var backup = Objects.Backup("warned");
        backup["spec"]!["foo"] = 1;

        using var response = await http.RawAsync(HttpMethod.Post, Objects.Backups, backup.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("spec.foo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_DryRunAll_ValidatesButStoresNothing()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (code, _) = await client.PostAsync(Objects.Backups + "?dryRun=All", Objects.Backup("dry"));
        var (invalid, _) = await client.PostAsync(Objects.Backups + "?dryRun=All&fieldValidation=Strict", new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = "dry2" }, ["spec"] = new JsonObject { ["nope"] = 1 },
        });

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal((HttpStatusCode)422, invalid);
        Assert.Null(cluster.Store.Get("velero.io/v1", "Backup", "velero", "dry"));
    }

    [Fact]
    public async Task DeleteCollection_WithLabelSelector_DeletesOnlyMatching()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var keep = Objects.ConfigMap("default", "keep");
        var drop = Objects.ConfigMap("default", "drop");
        drop["metadata"]!["labels"] = new JsonObject { ["temp"] = "yes" };
        await client.PostAsync("/api/v1/namespaces/default/configmaps", keep);
        await client.PostAsync("/api/v1/namespaces/default/configmaps", drop);

        var (code, _) = await client.DeleteAsync("/api/v1/namespaces/default/configmaps?labelSelector=temp%3Dyes");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.NotNull(cluster.Store.Get("v1", "ConfigMap", "default", "keep"));
        Assert.Null(cluster.Store.Get("v1", "ConfigMap", "default", "drop"));
    }

    [Fact]
    public async Task Create_KindMismatchWithUrl_Returns400()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var restoreAsBackup = Objects.Restore("r", "b");

        var (code, body) = await client.PostAsync(Objects.Backups, restoreAsBackup);

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("does not match the expected kind", (string?)body!["message"]);
    }

    [Fact]
    public async Task ClusterScoped_UnderNamespacePath_Returns404()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);

        var (code, _) = await client.GetAsync("/apis/storage.k8s.io/v1/namespaces/default/storageclasses");
        var (ok, list) = await client.GetAsync("/apis/storage.k8s.io/v1/storageclasses");

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(["fast-ssd", "shared-files", "standard"], CrudTests.Names(list));
    }
}
