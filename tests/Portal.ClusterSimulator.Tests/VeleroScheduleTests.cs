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

    [Fact]
    public async Task Schedule_CronInItsOwnZone_RunsAtTheZonesHour()
    {
        // 00:30 UTC on 15 January: 02:00 in Berlin is 01:00 UTC (02:00 UTC would be an hour later).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 0, 30, 0, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(time: time);
        using var client = new ApiClient(cluster);
        const string backups = $"{Objects.Backups}?labelSelector=velero.io%2Fschedule-name%3Dberlin";

        await client.PostAsync(Schedules, Schedule("berlin", "CRON_TZ=Europe/Berlin 0 2 * * *", skipImmediately: true));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Schedules}/berlin")).Body, s => Objects.Phase(s) == "Enabled", "Enabled");
        time.Advance(TimeSpan.FromMinutes(31)); // 01:01 UTC = 02:01 in Berlin
        var due = await Eventually.UntilAsync(async () => (await client.GetAsync(backups)).Body!["items"]!.AsArray(), a => a.Count > 0, "the 02:00 Berlin run");

        Assert.Equal("berlin-20260115010100", (string?)due.Single()!["metadata"]!["name"]);
    }

    [Theory]
    [InlineData("CRON_TZ=Mars/Olympus 0 2 * * *", "unknown time zone Mars/Olympus")]
    [InlineData("TZ=Europe/Berlin 0 25 * * *", "0 25 * * *")]
    public async Task Schedule_BadZoneOrCron_FailsValidationSayingWhy(string cron, string said)
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        await client.PostAsync(Schedules, Schedule("broken", cron));
        var schedule = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Schedules}/broken")).Body, s => Objects.Phase(s) is not (null or "New"), "validation");

        Assert.Equal("FailedValidation", Objects.Phase(schedule));
        Assert.Contains(said, (string?)schedule!["status"]!["validationErrors"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_UseOwnerReferencesInBackup_BackupsAreOwnedByTheSchedule()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var owned = Schedule("owned", "0 * * * *");
        owned["spec"]!["useOwnerReferencesInBackup"] = true;

        var (_, created) = await client.PostAsync(Schedules, owned);
        var backup = await Eventually.UntilAsync(async () =>
            (await client.GetAsync($"{Objects.Backups}?labelSelector=velero.io%2Fschedule-name%3Downed")).Body?["items"]?.AsArray().FirstOrDefault(),
            b => b is not null, "scheduled backup");

        var owner = backup!["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("Schedule", "owned"), ((string?)owner["kind"], (string?)owner["name"]));
        Assert.Equal((string?)created!["metadata"]!["uid"], (string?)owner["uid"]);
    }

    [Fact]
    public async Task Backup_PastItsTtl_IsDeletedThroughADeleteBackupRequest()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(time: time);
        using var client = new ApiClient(cluster);
        var shortLived = Objects.Backup("short-lived", "analytics");
        shortLived["spec"]!["ttl"] = "1h0m0s";

        await client.PostAsync(Objects.Backups, shortLived);
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/short-lived")).Body, b => Objects.Phase(b) == "Completed", "completed");
        await ControllerPasses.WaitAsync(cluster); // not expired yet: a whole pass leaves it
        var before = await client.GetAsync($"{Objects.Backups}/short-lived");
        time.Advance(TimeSpan.FromMinutes(61));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/short-lived")).Code == System.Net.HttpStatusCode.NotFound
            ? new object() : null, _ => true, "the expired backup deleted");
        var (_, requests) = await client.GetAsync("/apis/velero.io/v1/namespaces/velero/deletebackuprequests?labelSelector=velero.io%2Fbackup-name%3Dshort-lived");

        Assert.Equal(System.Net.HttpStatusCode.OK, before.Code);
        var request = Assert.Single(requests!["items"]!.AsArray());
        Assert.Equal("short-lived", (string?)request!["spec"]!["backupName"]);
        Assert.Contains(cluster.Store.List("velero.io/v1", "Backup", "velero"), b => (string?)b["metadata"]!["name"] != "short-lived");
    }

    [Fact]
    public async Task Location_MadeUnavailable_FailsNewBackups_ThenAvailableAgain()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        const string location = "/apis/velero.io/v1/namespaces/velero/backupstoragelocations/default";

        cluster.Faults.MakeLocationUnavailable("default", "bucket portal-dumps: AccessDenied");
        var down = await Eventually.UntilAsync(async () => (await client.GetAsync(location)).Body, l => Objects.Phase(l) == "Unavailable", "Unavailable");
        await client.PostAsync(Objects.Backups, Objects.Backup("while-down", "analytics"));
        var refused = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/while-down")).Body, b => Objects.Phase(b) is not (null or "New"), "validation");
        cluster.Faults.MakeLocationAvailable("default");
        var up = await Eventually.UntilAsync(async () => (await client.GetAsync(location)).Body, l => Objects.Phase(l) == "Available", "Available again");

        Assert.Equal("bucket portal-dumps: AccessDenied", (string?)down!["status"]!["message"]);
        Assert.Equal("FailedValidation", Objects.Phase(refused));
        Assert.Null(up!["status"]!["message"]);
    }

    [Fact]
    public async Task Backup_PastItsTtl_OnAnUnavailableLocation_StaysUntilTheLocationIsBack()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(time: time);
        using var client = new ApiClient(cluster);
        var shortLived = Objects.Backup("kept-while-down", "analytics");
        shortLived["spec"]!["ttl"] = "1h0m0s";
        await client.PostAsync(Objects.Backups, shortLived);
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/kept-while-down")).Body, b => Objects.Phase(b) == "Completed", "completed");

        cluster.Faults.MakeLocationUnavailable("default");
        await Eventually.UntilAsync(async () => (await client.GetAsync("/apis/velero.io/v1/namespaces/velero/backupstoragelocations/default")).Body,
            l => Objects.Phase(l) == "Unavailable", "Unavailable");
        time.Advance(TimeSpan.FromMinutes(61));
        await ControllerPasses.WaitAsync(cluster); // a whole pass after expiry: Velero's GC leaves it while the location is down
        var whileDown = await client.GetAsync($"{Objects.Backups}/kept-while-down");
        cluster.Faults.MakeLocationAvailable("default");
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/kept-while-down")).Code == System.Net.HttpStatusCode.NotFound
            ? new object() : null, _ => true, "deleted once the location is back");

        Assert.Equal(System.Net.HttpStatusCode.OK, whileDown.Code);
    }
}
