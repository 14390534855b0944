using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class VeleroScheduleTests
{
    private const string Schedules = "/apis/velero.io/v1/namespaces/velero/schedules";

    private static JsonObject Schedule(string name, string cron, bool skipImmediately = false) => new()
    {
        ["apiVersion"] = "velero.io/v1",
        ["kind"] = "Schedule",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
        ["spec"] = new JsonObject
        {
            ["schedule"] = cron,
            ["skipImmediately"] = skipImmediately,
            ["template"] = new JsonObject { ["includedNamespaces"] = new JsonArray("analytics"), ["ttl"] = "1h0m0s" },
        },
    };

    [Fact]
    public async Task NewSchedule_Default_IsEnabledAndRunsABackupImmediately()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        await client.PostAsync(Schedules, Schedule("hourly", "0 * * * *"));
        var backup = await Eventually.UntilAsync(async () =>
            (await client.GetAsync($"{Objects.Backups}?labelSelector=velero.io%2Fschedule-name%3Dhourly")).Body?["items"]?.AsArray().FirstOrDefault(),
            b => Objects.Phase(b) == "Completed", "scheduled backup");
        var (_, schedule) = await client.GetAsync($"{Schedules}/hourly");

        Assert.StartsWith("hourly-", (string?)backup!["metadata"]!["name"]);
        Assert.Equal("analytics", (string?)backup["spec"]!["includedNamespaces"]![0]);
        Assert.Equal("Enabled", Objects.Phase(schedule));
        Assert.NotNull(schedule!["status"]!["lastBackup"]);
    }

    [Fact]
    public async Task NewSchedule_SkipImmediately_CreatesNoBackupYet()
    {
        // On the cluster's fake clock: one minute before the yearly run.
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 23, 59, 0, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(time: time);
        using var client = new ApiClient(cluster);
        const string backups = $"{Objects.Backups}?labelSelector=velero.io%2Fschedule-name%3Dyearly";

        await client.PostAsync(Schedules, Schedule("yearly", "0 0 1 1 *", skipImmediately: true));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Schedules}/yearly")).Body, s => Objects.Phase(s) == "Enabled", "Enabled");
        await ControllerPasses.WaitAsync(cluster); // the pass after Enabled is the one that would make the immediate backup
        var (_, list) = await client.GetAsync(backups);
        time.Advance(TimeSpan.FromMinutes(2)); // 2026-01-01 00:01: the first run is due
        var due = await Eventually.UntilAsync(async () => (await client.GetAsync(backups)).Body!["items"]!.AsArray(), a => a.Count > 0, "the backup at the schedule's time");

        Assert.Empty(list!["items"]!.AsArray());
        Assert.Equal("yearly-20260101000100", (string?)due.Single()!["metadata"]!["name"]);
    }

    [Fact]
    public async Task NewSchedule_BadCron_FailsValidation()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        await client.PostAsync(Schedules, Schedule("broken", "every day"));
        var schedule = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Schedules}/broken")).Body, s => Objects.Phase(s) is not (null or "New"), "validation");

        Assert.Equal("FailedValidation", Objects.Phase(schedule));
    }

    [Fact]
    public async Task DeleteBackupRequest_Processing_MarksBackupDeletingBeforeRemoval()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 100);
        using var client = new ApiClient(cluster);
        var victim = (string)cluster.Store.List("velero.io/v1", "Backup", "velero")[0]["metadata"]!["name"]!;
        var (_, list) = await client.GetAsync(Objects.Backups);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var (response, reader) = await client.OpenWatchAsync($"{Objects.Backups}?watch=true&resourceVersion={(string?)list!["metadata"]!["resourceVersion"]}&fieldSelector=metadata.name%3D{victim}", cts.Token);
        using var _ = response;

        await client.PostAsync("/apis/velero.io/v1/namespaces/velero/deletebackuprequests", JsonNode.Parse($$$"""
            {"apiVersion":"velero.io/v1","kind":"DeleteBackupRequest","metadata":{"name":"d1","namespace":"velero"},"spec":{"backupName":"{{{victim}}}"}}
            """)!);
        var events = await WatchReader.ReadUntilAsync(reader, e => e.Any(x => (string?)x["type"] == "DELETED"));

        Assert.Equal(["MODIFIED", "DELETED"], events.Select(e => (string?)e["type"]));
        Assert.Equal("Deleting", Objects.Phase(events[0]["object"]));
    }

    [Fact]
    public async Task Backup_UnavailableStorageLocation_FailsValidation()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await client.PatchAsync("/apis/velero.io/v1/namespaces/velero/backupstoragelocations/default",
            JsonNode.Parse("""{"status":{"phase":"Unavailable","message":"bucket gone"}}""")!, "application/merge-patch+json");

        await client.PostAsync(Objects.Backups, Objects.Backup("b1", "analytics"));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/b1")).Body, b => Objects.Phase(b) is not (null or "New"), "validation");

        Assert.Equal("FailedValidation", Objects.Phase(done));
        Assert.Contains("Unavailable", (string?)done["status"]!["validationErrors"]![0]);
    }
}
