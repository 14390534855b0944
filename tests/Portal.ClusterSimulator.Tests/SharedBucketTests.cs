using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>The Velero playbook across the two demo sites: one bucket, backup on the primary, restore on the DR site.</summary>
public sealed class SharedBucketTests
{
    private static Task<SimulatedCluster> StartAsync(string name, SimulatedObjectStorage buckets) => SimulatedCluster.StartAsync(new SimulatorOptions
    {
        ClusterName = name,
        PhaseStepDelay = TimeSpan.FromMilliseconds(50),
        ObjectStorage = buckets,
    });

    [Fact]
    public async Task BackupOnPrimary_SyncedToRecoverySite_RestoresWithMappedStorageClass()
    {
        var buckets = new SimulatedObjectStorage();
        await using var east = await StartAsync("prod-east", buckets);
        await using var west = await StartAsync("dr-west", buckets);
        using var eastApi = new ApiClient(east);
        using var westApi = new ApiClient(west);

        await eastApi.PostAsync(Objects.Backups, Objects.Backup("wave-1-reports", "reports"));
        await Eventually.UntilAsync(async () => (await eastApi.GetAsync($"{Objects.Backups}/wave-1-reports")).Body,
            b => Objects.Phase(b) == "Completed", "backup on the primary");
        var synced = await Eventually.UntilAsync(async () => (await westApi.GetAsync($"{Objects.Backups}/wave-1-reports")).Body,
            b => (string?)b["kind"] == "Backup" && Objects.Phase(b) == "Completed", "backup synced to the DR site", timeoutMs: 15000);
        await westApi.PostAsync("/api/v1/namespaces/velero/configmaps", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"change-storage-class-config",
              "labels":{"velero.io/plugin-config":"","velero.io/change-storage-class":"RestoreItemAction"}},
             "data":{"fast-ssd":"premium-ssd"}}
            """)!);
        await westApi.PostAsync(Objects.Restores, Objects.Restore("wave-1-reports", "wave-1-reports"));
        await Eventually.UntilAsync(async () => (await westApi.GetAsync($"{Objects.Restores}/wave-1-reports")).Body,
            r => Objects.Phase(r) is "Completed" or "PartiallyFailed" or "Failed", "restore on the DR site", timeoutMs: 15000);
        var set = await Eventually.UntilAsync(() => Task.FromResult(west.Store.Get("apps/v1", "StatefulSet", "reports", "report-store")),
            s => (long?)s["status"]?["readyReplicas"] == 2, "restored statefulset ready");

        Assert.Contains("wave-1-reports", buckets.BackupNames("velero-prod-east", "backups"));
        Assert.Equal("prod-east", (string?)synced["spec"]!["storageLocation"]);
        Assert.Equal("prod-east", (string?)synced["metadata"]!["labels"]!["velero.io/storage-location"]);
        var claim = west.Store.Get("v1", "PersistentVolumeClaim", "reports", "data-report-store-0")!;
        Assert.Equal(("Bound", "premium-ssd"), (Objects.Phase(claim), (string?)claim["spec"]!["storageClassName"]));
        Assert.Equal("premium-ssd", (string?)set["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["storageClassName"]);
        Assert.Equal("Bound", Objects.Phase(west.Store.Get("v1", "PersistentVolumeClaim", "reports", "report-archive")));
    }

    [Fact]
    public async Task DeleteSyncedBackup_ReadOnlyLocation_RefusedAndKept()
    {
        var buckets = new SimulatedObjectStorage();
        await using var east = await StartAsync("prod-east", buckets);
        await using var west = await StartAsync("dr-west", buckets);
        using var eastApi = new ApiClient(east);
        using var westApi = new ApiClient(west);

        await eastApi.PostAsync(Objects.Backups, Objects.Backup("catalog-1", "catalog"));
        await Eventually.UntilAsync(async () => (await westApi.GetAsync($"{Objects.Backups}/catalog-1")).Body,
            b => (string?)b["kind"] == "Backup" && Objects.Phase(b) == "Completed", "backup synced", timeoutMs: 15000);
        await westApi.PostAsync("/apis/velero.io/v1/namespaces/velero/deletebackuprequests", JsonNode.Parse("""
            {"apiVersion":"velero.io/v1","kind":"DeleteBackupRequest","metadata":{"name":"del-1"},"spec":{"backupName":"catalog-1"}}
            """)!);
        var processed = await Eventually.UntilAsync(async () => (await westApi.GetAsync("/apis/velero.io/v1/namespaces/velero/deletebackuprequests/del-1")).Body,
            r => Objects.Phase(r) == "Processed", "request processed");

        Assert.Contains("read-only mode", (string?)processed["status"]!["errors"]![0]);
        Assert.Equal("Completed", Objects.Phase(west.Store.Get("velero.io/v1", "Backup", "velero", "catalog-1")));
        Assert.Contains("catalog-1", buckets.BackupNames("velero-prod-east", "backups"));
    }
}
