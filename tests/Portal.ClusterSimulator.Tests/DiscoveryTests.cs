using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class DiscoveryTests
{
    [Fact]
    public async Task Apis_Default_ListsVeleroAndSnapshotGroups()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (code, body) = await client.GetAsync("/apis");

        Assert.Equal(HttpStatusCode.OK, code);
        var groups = body!["groups"]!.AsArray().Select(g => (string?)g?["name"]).ToList();
        Assert.Contains("velero.io", groups);
        Assert.Contains("snapshot.storage.k8s.io", groups);
        Assert.Contains("apps", groups);
    }

    [Fact]
    public async Task VeleroGroupVersion_Default_ListsBackupAsNamespacedWithVerbsAndCategories()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (_, body) = await client.GetAsync("/apis/velero.io/v1");

        var resources = body!["resources"]!.AsArray();
        var backups = resources.Single(r => (string?)r?["name"] == "backups")!;
        Assert.Equal("Backup", (string?)backups["kind"]);
        Assert.True((bool)backups["namespaced"]!);
        Assert.Contains("watch", backups["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("velero", backups["categories"]!.AsArray().Select(v => (string?)v));
        foreach (var kind in new[] { "restores", "schedules", "backupstoragelocations", "volumesnapshotlocations", "deletebackuprequests" })
        {
            Assert.Contains(resources, r => (string?)r?["name"] == kind);
        }
    }

    [Fact]
    public async Task CoreV1_Default_ListsNamespacesAsClusterScoped()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (_, body) = await client.GetAsync("/api/v1");

        var ns = body!["resources"]!.AsArray().Single(r => (string?)r?["name"] == "namespaces")!;
        Assert.False((bool)ns["namespaced"]!);
        Assert.Contains("ns", ns["shortNames"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task VeleroNotInstalledFault_Discovery_HidesGroupAndPathsAnswer404()
    {
        await using var cluster = await TestCluster.StartAsync(seed: true);
        using var client = new ApiClient(cluster);
        cluster.Faults.VeleroInstalled = false;

        var (_, groups) = await client.GetAsync("/apis");
        var (listCode, _) = await client.GetAsync(Objects.Backups);
        var (gvCode, _) = await client.GetAsync("/apis/velero.io/v1");

        Assert.DoesNotContain(groups!["groups"]!.AsArray(), g => (string?)g?["name"] == "velero.io");
        Assert.Equal(HttpStatusCode.NotFound, listCode);
        Assert.Equal(HttpStatusCode.NotFound, gvCode);
    }

    [Fact]
    public async Task OpenApiV3_Index_PointsToGroupDocumentWithFieldValidationOnPatch()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (_, index) = await client.GetAsync("/openapi/v3");
        var url = (string?)index!["paths"]!["apis/velero.io/v1"]!["serverRelativeURL"];
        Assert.StartsWith("/openapi/v3/apis/velero.io/v1?hash=", url);
        var (code, doc) = await client.GetAsync(url!);

        Assert.Equal(HttpStatusCode.OK, code);
        var patch = doc!["paths"]!["/apis/velero.io/v1/namespaces/{namespace}/backups/{name}"]!["patch"]!;
        Assert.Equal("Backup", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p?["name"] == "fieldValidation");
        Assert.NotNull(doc["components"]!["schemas"]!["io.velero.v1.Backup"]);
    }

    [Fact]
    public async Task UnknownResource_Get_Returns404Status()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (code, body) = await client.GetAsync("/apis/velero.io/v1/namespaces/velero/widgets");

        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal("NotFound", (string?)body?["reason"]);
    }

    internal static JsonNode? Unused => null;

    [Fact]
    public async Task Discovery_Default_ListsBatchAndCloudNativePgWithStatusSubresources()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (_, apis) = await client.GetAsync("/apis");
        var (_, batch) = await client.GetAsync("/apis/batch/v1");
        var (_, cnpg) = await client.GetAsync("/apis/postgresql.cnpg.io/v1");

        var groups = apis!["groups"]!.AsArray().Select(g => (string?)g?["name"]).ToList();
        Assert.Contains("batch", groups);
        Assert.Contains("postgresql.cnpg.io", groups);
        var batchNames = batch!["resources"]!.AsArray().Select(r => (string?)r?["name"]).ToList();
        Assert.Contains("jobs", batchNames);
        Assert.Contains("jobs/status", batchNames);
        Assert.Contains("cronjobs", batchNames);
        Assert.Contains("cronjobs/status", batchNames);
        Assert.Contains("cj", batch["resources"]!.AsArray().Single(r => (string?)r?["name"] == "cronjobs")!["shortNames"]!.AsArray().Select(n => (string?)n));
        var cnpgNames = cnpg!["resources"]!.AsArray().Select(r => (string?)r?["name"]).ToList();
        Assert.Contains("clusters", cnpgNames);
        Assert.Contains("backups", cnpgNames);
        Assert.Contains("scheduledbackups", cnpgNames);
    }

    [CrdsFact]
    public async Task OpenApiBatch_WithSharedCrds_ServesRealJobSchemaWithResolvableRefs()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false, crds: SharedCrds.Directory);
        using var client = new ApiClient(cluster);

        var (_, index) = await client.GetAsync("/openapi/v3");
        var (code, doc) = await client.GetAsync("/openapi/v3/apis/batch/v1");

        Assert.NotNull(index!["paths"]!["apis/batch/v1"]);
        Assert.Equal(HttpStatusCode.OK, code);
        var schemas = doc!["components"]!["schemas"]!;
        var jobSpecRef = (string?)schemas["io.k8s.api.batch.v1.Job"]!["properties"]!["spec"]!["allOf"]![0]!["$ref"];
        Assert.Equal("#/components/schemas/io.k8s.api.batch.v1.JobSpec", jobSpecRef);
        Assert.NotNull(schemas["io.k8s.api.batch.v1.JobSpec"]);
        Assert.NotNull(schemas["io.k8s.api.core.v1.PodSpec"]);
        Assert.NotNull(doc["paths"]!["/apis/batch/v1/namespaces/{namespace}/cronjobs/{name}/status"]);
    }
}
