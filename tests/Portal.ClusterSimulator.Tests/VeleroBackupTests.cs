using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class VeleroBackupTests
{
    [Fact]
    public async Task Backup_OfOneNamespace_GoesThroughInProgressToCompletedWithProgress()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var expectedItems = 1 + cluster.Store.List("v1", "ConfigMap", "shop-frontend").Count
            + cluster.Store.List("v1", "Secret", "shop-frontend").Count + cluster.Store.List("v1", "Service", "shop-frontend").Count
            + cluster.Store.List("apps/v1", "Deployment", "shop-frontend").Count + cluster.Store.List("v1", "PersistentVolumeClaim", "shop-frontend").Count
            + cluster.Store.List("v1", "ServiceAccount", "shop-frontend").Count;

        await client.PostAsync(Objects.Backups, Objects.Backup("b1", "shop-frontend"));
        var inProgress = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/b1")).Body, b => Objects.Phase(b) == "InProgress", "InProgress");
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/b1")).Body, b => Objects.Phase(b) == "Completed", "Completed");

        Assert.Equal(expectedItems, (int?)inProgress["status"]!["progress"]!["totalItems"]);
        Assert.NotNull(inProgress["status"]!["startTimestamp"]);
        Assert.Equal(expectedItems, (int?)done["status"]!["progress"]!["itemsBackedUp"]);
        Assert.NotNull(done["status"]!["completionTimestamp"]);
        var expiration = DateTimeOffset.Parse((string)done["status"]!["expiration"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiration - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24.1));
        Assert.Equal("default", (string?)done["metadata"]!["labels"]!["velero.io/storage-location"]);
    }

    [Fact]
    public async Task Backup_InjectedFailure_EndsFailedWithReason()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        cluster.Faults.FailNextBackup("doomed", "bucket access denied");

        await client.PostAsync(Objects.Backups, Objects.Backup("doomed-1", "analytics"));
        await client.PostAsync(Objects.Backups, Objects.Backup("fine-1", "analytics"));
        var failed = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/doomed-1")).Body, b => Objects.Phase(b) is "Failed" or "Completed", "doomed-1 to finish");
        var fine = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/fine-1")).Body, b => Objects.Phase(b) is "Failed" or "Completed", "fine-1 to finish");

        Assert.Equal("Failed", Objects.Phase(failed));
        Assert.Equal("bucket access denied", (string?)failed["status"]!["failureReason"]);
        Assert.Equal("Completed", Objects.Phase(fine));
    }

    [Fact]
    public async Task Backup_InjectedPartialFailure_EndsPartiallyFailedWithCounts()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        cluster.Faults.PartiallyFailNextBackup(errors: 3, warnings: 2);

        await client.PostAsync(Objects.Backups, Objects.Backup("partial", "analytics"));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/partial")).Body, b => Objects.Phase(b) is "PartiallyFailed" or "Completed" or "Failed", "finish");

        Assert.Equal("PartiallyFailed", Objects.Phase(done));
        Assert.Equal(3, (int?)done["status"]!["errors"]);
        Assert.Equal(2, (int?)done["status"]!["warnings"]);
    }

    [Fact]
    public async Task Backup_InjectedPartialFailureInVolumeData_CountsTheSnapshotsThatDidNotComplete()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        cluster.Faults.PartiallyFailNextBackup("volumes", errors: 2, volumeSnapshotsFailed: 1);

        await client.PostAsync(Objects.Backups, Objects.Backup("volumes-1", "analytics"));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/volumes-1")).Body, b => Objects.Phase(b) is "PartiallyFailed" or "Completed" or "Failed", "finish");

        Assert.Equal("PartiallyFailed", Objects.Phase(done));
        var attempted = (int)done["status"]!["csiVolumeSnapshotsAttempted"]!;
        Assert.True(attempted >= 1);
        Assert.Equal(attempted - 1, (int)done["status"]!["csiVolumeSnapshotsCompleted"]!);
    }

    [Fact]
    public async Task Backup_MissingStorageLocation_EndsFailedValidation()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backup = Objects.Backup("nowhere", "analytics");
        backup["spec"]!["storageLocation"] = "does-not-exist";

        await client.PostAsync(Objects.Backups, backup);
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/nowhere")).Body, b => Objects.Phase(b) is not (null or "New"), "validation");

        Assert.Equal("FailedValidation", Objects.Phase(done));
        Assert.Contains("does-not-exist", (string?)done["status"]!["validationErrors"]![0]);
    }

    [Fact]
    public async Task DeleteBackupRequest_ForExistingBackup_DeletesBackupAndIsProcessed()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var (_, list) = await client.GetAsync(Objects.Backups);
        var victim = (string)list!["items"]![0]!["metadata"]!["name"]!;

        await client.PostAsync("/apis/velero.io/v1/namespaces/velero/deletebackuprequests", new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "DeleteBackupRequest",
            ["metadata"] = new JsonObject { ["name"] = "del-1", ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["backupName"] = victim },
        });
        await Eventually.UntilAsync(async () => (await client.GetAsync("/apis/velero.io/v1/namespaces/velero/deletebackuprequests/del-1")).Body, r => Objects.Phase(r) == "Processed", "Processed");
        var (code, _) = await client.GetAsync($"{Objects.Backups}/{victim}");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task DemoData_Seeded_HasScheduleBackupsAndAvailableLocation()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");

        var backups = cluster.Store.List("velero.io/v1", "Backup", "velero");
        var bsl = cluster.Store.Get("velero.io/v1", "BackupStorageLocation", "velero", "default");

        Assert.Equal(2, backups.Count);
        Assert.All(backups, b => Assert.Equal("Completed", Objects.Phase(b)));
        Assert.All(backups, b => Assert.Equal("daily", (string?)b["metadata"]!["labels"]!["velero.io/schedule-name"]));
        Assert.Equal("Available", Objects.Phase(bsl));
        Assert.NotNull(cluster.Store.Get("v1", "Namespace", null, "team-prod-east"));
        Assert.NotNull(cluster.Store.Get("storage.k8s.io/v1", "StorageClass", null, "fast-ssd"));
        Assert.NotNull(cluster.Store.Get("velero.io/v1", "Schedule", "velero", "daily"));
    }
}
