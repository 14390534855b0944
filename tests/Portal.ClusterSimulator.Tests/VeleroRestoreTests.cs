using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class VeleroRestoreTests
{
    [Fact]
    public async Task Restore_WithNamespaceMapping_CopiesObjectsIntoNewNamespace()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1", "billing-api"));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/b1")).Body, b => Objects.Phase(b) == "Completed", "backup");
        // a change after the backup must not be restored
        await client.PostAsync("/api/v1/namespaces/billing-api/configmaps", Objects.ConfigMap("billing-api", "created-after-backup"));

        await client.PostAsync(Objects.Restores, Objects.Restore("r1", "b1", new JsonObject { ["billing-api"] = "billing-api-copy" }));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Restores}/r1")).Body, r => Objects.Phase(r) is "Completed" or "PartiallyFailed" or "Failed", "restore");

        Assert.Equal("Completed", Objects.Phase(done));
        var (nsCode, _) = await client.GetAsync("/api/v1/namespaces/billing-api-copy");
        Assert.Equal(System.Net.HttpStatusCode.OK, nsCode);
        var (_, deployments) = await client.GetAsync("/apis/apps/v1/namespaces/billing-api-copy/deployments");
        Assert.Equal(["billing"], CrudTests.Names(deployments));
        var (_, claims) = await client.GetAsync("/api/v1/namespaces/billing-api-copy/persistentvolumeclaims");
        Assert.Equal(2, claims!["items"]!.AsArray().Count);
        var (_, configMaps) = await client.GetAsync("/api/v1/namespaces/billing-api-copy/configmaps");
        Assert.DoesNotContain("created-after-backup", CrudTests.Names(configMaps));
        Assert.All(configMaps!["items"]!.AsArray(), c => Assert.Equal("r1", (string?)c!["metadata"]!["labels"]!["velero.io/restore-name"]));
        Assert.Equal((int?)done["status"]!["progress"]!["totalItems"], (int?)done["status"]!["progress"]!["itemsRestored"]);
    }

    [Fact]
    public async Task Restore_OverExistingObjects_SkipsThemAsWarnings()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backupName = (string)cluster.Store.List("velero.io/v1", "Backup", "velero")[0]["metadata"]!["name"]!;

        await client.PostAsync(Objects.Restores, Objects.Restore("r1", backupName));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Restores}/r1")).Body, r => Objects.Phase(r) is "Completed" or "PartiallyFailed" or "Failed", "restore");

        Assert.Equal("Completed", Objects.Phase(done));
        Assert.True((int?)done["status"]!["warnings"] > 0);
    }

    [Fact]
    public async Task Restore_ExistingResourcePolicyUpdate_OverwritesChangedObject()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1", "analytics"));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/b1")).Body, b => Objects.Phase(b) == "Completed", "backup");
        await client.PatchAsync("/api/v1/namespaces/analytics/configmaps/etl-runner-config", JsonNode.Parse("""{"data":{"LOG_LEVEL":"trace"}}""")!, "application/merge-patch+json");

        await client.PostAsync(Objects.Restores, Objects.Restore("r1", "b1", existingResourcePolicy: "update"));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Restores}/r1")).Body, r => Objects.Phase(r) == "Completed", "restore");
        var (_, cm) = await client.GetAsync("/api/v1/namespaces/analytics/configmaps/etl-runner-config");

        Assert.Equal("info", (string?)cm!["data"]!["LOG_LEVEL"]);
    }

    [Fact]
    public async Task Restore_WithResourceModifiers_PatchesMatchingObjectsAndSkipsRulesWhoseTestFails()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await client.PostAsync(Objects.Backups, Objects.Backup("b1", "billing-api"));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/b1")).Body, b => Objects.Phase(b) == "Completed", "backup");
        // Velero's format in YAML, as a user would write it: one rule whose test fails (no claim has class "nope"),
        // one that labels every ConfigMap, with a value Velero writes unquoted (a number).
        var yaml = "version: v1\nresourceModifierRules:\n"
            + "- conditions:\n    groupResource: persistentvolumeclaims\n  patches:\n  - operation: test\n    path: /spec/storageClassName\n    value: nope\n"
            + "  - operation: replace\n    path: /spec/storageClassName\n    value: changed\n"
            + "- conditions:\n    groupResource: configmaps\n    namespaces: [billing-api]\n  patches:\n  - operation: add\n    path: /data/answer\n    value: \"42\"\n";
        await client.PostAsync("/api/v1/namespaces/velero/configmaps", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "mods", ["namespace"] = "velero" },
            ["data"] = new JsonObject { ["mods.yaml"] = yaml },
        });
        var restore = Objects.Restore("r1", "b1", new JsonObject { ["billing-api"] = "billing-mod" });
        restore["spec"]!["resourceModifier"] = new JsonObject { ["kind"] = "configmap", ["name"] = "mods" };

        await client.PostAsync(Objects.Restores, restore);
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Restores}/r1")).Body, r => Objects.Phase(r) is "Completed" or "PartiallyFailed" or "Failed", "restore");

        Assert.Equal("Completed", Objects.Phase(done));
        var (_, claims) = await client.GetAsync("/api/v1/namespaces/billing-mod/persistentvolumeclaims");
        Assert.All(claims!["items"]!.AsArray(), c => Assert.NotEqual("changed", (string?)c!["spec"]!["storageClassName"]));
        var (_, configMaps) = await client.GetAsync("/api/v1/namespaces/billing-mod/configmaps");
        Assert.NotEmpty(configMaps!["items"]!.AsArray());
        Assert.All(configMaps["items"]!.AsArray(), c => Assert.Equal(42, (int?)c!["data"]!["answer"]));
    }

    [Fact]
    public async Task Restore_NamingMissingModifiersConfigMap_EndsFailedValidation()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backupName = (string)cluster.Store.List("velero.io/v1", "Backup", "velero")[0]["metadata"]!["name"]!;
        var restore = Objects.Restore("r1", backupName);
        restore["spec"]!["resourceModifier"] = new JsonObject { ["kind"] = "configmap", ["name"] = "no-such-map" };

        await client.PostAsync(Objects.Restores, restore);
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Restores}/r1")).Body, r => Objects.Phase(r) is not (null or "New"), "validation");

        Assert.Equal("FailedValidation", Objects.Phase(done));
        Assert.Contains("no-such-map", (string?)done["status"]!["validationErrors"]![0]);
    }

    [Fact]
    public async Task Restore_OfMissingBackup_EndsFailedValidation()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        await client.PostAsync(Objects.Restores, Objects.Restore("r1", "no-such-backup"));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Restores}/r1")).Body, r => Objects.Phase(r) is not (null or "New"), "validation");

        Assert.Equal("FailedValidation", Objects.Phase(done));
        Assert.Contains("no-such-backup", (string?)done["status"]!["validationErrors"]![0]);
    }

    [Fact]
    public async Task Restore_OfFailedBackup_EndsFailedValidation()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        cluster.Faults.FailNextBackup();
        await client.PostAsync(Objects.Backups, Objects.Backup("bad", "analytics"));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/bad")).Body, b => Objects.Phase(b) == "Failed", "failed backup");

        await client.PostAsync(Objects.Restores, Objects.Restore("r1", "bad"));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Restores}/r1")).Body, r => Objects.Phase(r) is not (null or "New"), "validation");

        Assert.Equal("FailedValidation", Objects.Phase(done));
    }

    [Fact]
    public async Task Restore_InjectedFailure_EndsFailed()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var backupName = (string)cluster.Store.List("velero.io/v1", "Backup", "velero")[0]["metadata"]!["name"]!;
        cluster.Faults.FailNextRestore("r", "plugin crashed");

        await client.PostAsync(Objects.Restores, Objects.Restore("r1", backupName, new JsonObject { ["shop-frontend"] = "elsewhere" }));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Restores}/r1")).Body, r => Objects.Phase(r) is "Completed" or "PartiallyFailed" or "Failed", "restore");

        Assert.Equal("Failed", Objects.Phase(done));
        Assert.Equal("plugin crashed", (string?)done["status"]!["failureReason"]);
    }
}
