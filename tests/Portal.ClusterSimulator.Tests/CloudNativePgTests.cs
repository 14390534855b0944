using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class CloudNativePgTests
{
    private const string Ns = "shop-payments";
    private const string Backups = $"/apis/postgresql.cnpg.io/v1/namespaces/{Ns}/backups";
    private const string ScheduledBackups = $"/apis/postgresql.cnpg.io/v1/namespaces/{Ns}/scheduledbackups";

    private static JsonObject Backup(string name, string cluster) => new()
    {
        ["apiVersion"] = "postgresql.cnpg.io/v1",
        ["kind"] = "Backup",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
        ["spec"] = new JsonObject { ["cluster"] = new JsonObject { ["name"] = cluster }, ["method"] = "volumeSnapshot" },
    };

    private static JsonObject ScheduledBackup(string name, string schedule, bool immediate, string owner = "self") => new()
    {
        ["apiVersion"] = "postgresql.cnpg.io/v1",
        ["kind"] = "ScheduledBackup",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
        ["spec"] = new JsonObject
        {
            ["schedule"] = schedule,
            ["immediate"] = immediate,
            ["backupOwnerReference"] = owner,
            ["cluster"] = new JsonObject { ["name"] = "shop-db" },
            ["method"] = "volumeSnapshot",
        },
    };

    [Fact]
    public async Task Backup_OfSeededCluster_GoesThroughPhasesToCompleted()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var phases = new List<string>();

        await client.PostAsync(Backups, Backup("manual-1", "shop-db"));
        var done = await Eventually.UntilAsync(async () =>
        {
            var body = (await client.GetAsync($"{Backups}/manual-1")).Body;
            if (Objects.Phase(body) is { } p && (phases.Count == 0 || phases[^1] != p)) phases.Add(p);
            return body;
        }, b => Objects.Phase(b) is "completed" or "failed", "backup to finish");

        Assert.Equal("completed", Objects.Phase(done));
        Assert.Equal("completed", phases[^1]);
        Assert.DoesNotContain("failed", phases);
        Assert.NotNull(done["status"]!["startedAt"]);
        Assert.NotNull(done["status"]!["stoppedAt"]);
        Assert.NotNull(done["status"]!["backupId"]);
        Assert.NotNull(done["status"]!["beginLSN"]);
        Assert.NotNull(done["status"]!["endLSN"]);
        Assert.NotNull(cluster.Store.Get("postgresql.cnpg.io/v1", "Cluster", Ns, "shop-db")!["status"]!["lastSuccessfulBackup"]);
    }

    [Fact]
    public async Task Backup_ForMissingCluster_GoesFailedWithError()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        await client.PostAsync(Backups, Backup("orphan-1", "no-such-db"));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Backups}/orphan-1")).Body,
            b => Objects.Phase(b) is "completed" or "failed", "backup to finish");

        Assert.Equal("failed", Objects.Phase(done));
        Assert.Contains("no-such-db", (string?)done["status"]!["error"]);
    }

    [Fact]
    public async Task Backup_InjectedFailure_GoesFailedWithThatError()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        cluster.Faults.FailNextDatabaseBackup("doomed", "can't take a snapshot: quota exceeded");

        await client.PostAsync(Backups, Backup("doomed-1", "shop-db"));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Backups}/doomed-1")).Body,
            b => Objects.Phase(b) is "completed" or "failed", "backup to finish");

        Assert.Equal("failed", Objects.Phase(done));
        Assert.Equal("can't take a snapshot: quota exceeded", (string?)done["status"]!["error"]);
    }

    [Fact]
    public async Task ScheduledBackup_Immediate_CreatesOwnedBackupAtOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        await client.PostAsync(ScheduledBackups, ScheduledBackup("nightly", "0 0 2 * * *", immediate: true));
        var backups = await Eventually.UntilAsync(async () =>
            (await client.GetAsync($"{Backups}?labelSelector=cnpg.io%2Fscheduled-backup%3Dnightly")).Body!["items"]!.AsArray(), a => a.Count == 1, "immediate backup");
        var sb = await Eventually.UntilAsync(async () => (await client.GetAsync($"{ScheduledBackups}/nightly")).Body,
            s => s?["status"]?["nextScheduleTime"] is not null, "status");

        var backup = backups[0]!;
        Assert.Matches(@"^nightly-\d{14}$", (string?)backup["metadata"]!["name"]);
        Assert.Equal("ScheduledBackup", (string?)backup["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Equal("shop-db", (string?)backup["spec"]!["cluster"]!["name"]);
        Assert.Equal("volumeSnapshot", (string?)backup["spec"]!["method"]);
        Assert.NotNull(sb!["status"]!["lastScheduleTime"]);
        Assert.EndsWith("T02:00:00Z", (string?)sb["status"]!["nextScheduleTime"]);
    }

    [Fact]
    public async Task ScheduledBackup_SixFieldCron_CreatesBackupsOnTheClusterClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 5, 1, 1, 59, 50, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(time: time);
        using var client = new ApiClient(cluster);

        await client.PostAsync(ScheduledBackups, ScheduledBackup("hourly", "30 0 * * * *", immediate: false, owner: "none"));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{ScheduledBackups}/hourly")).Body,
            s => s?["status"]?["lastCheckTime"] is not null, "first check");
        time.Advance(TimeSpan.FromMinutes(1)); // 02:00:50 → the 02:00:30 occurrence is due
        var backups = await Eventually.UntilAsync(async () =>
            (await client.GetAsync($"{Backups}?labelSelector=cnpg.io%2Fscheduled-backup%3Dhourly")).Body!["items"]!.AsArray(), a => a.Count == 1, "scheduled backup");

        Assert.Equal("hourly-20250501020030", (string?)backups[0]!["metadata"]!["name"]);
        Assert.Null(backups[0]!["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task ScheduledBackup_FiveFieldCron_Returns422()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PostAsync(ScheduledBackups, ScheduledBackup("wrong", "0 2 * * *", immediate: false));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("spec.schedule", body!["message"]!.ToString());
    }

    [Fact]
    public async Task DemoSeed_DatabaseCandidates_AreThere()
    {
        await using var cluster = await TestCluster.StartAsync();

        var db = cluster.Store.Get("postgresql.cnpg.io/v1", "Cluster", Ns, "shop-db")!;
        var secret = cluster.Store.Get("v1", "Secret", Ns, "shop-db-app")!;
        var mysql = cluster.Store.Get("apps/v1", "StatefulSet", "billing-api", "billing-mysql")!;
        var pg = cluster.Store.Get("apps/v1", "Deployment", "analytics", "warehouse-pg")!;

        Assert.Equal("Cluster in healthy state", (string?)db["status"]!["phase"]);
        Assert.Equal(1, (int?)db["status"]!["readyInstances"]);
        Assert.Equal("ghcr.io/cloudnative-pg/postgresql:16.4", (string?)db["spec"]!["imageName"]);
        Assert.Equal(["dbname", "host", "jdbc-uri", "password", "pgpass", "port", "uri", "user", "username"], secret["data"]!.AsObject().Select(kv => kv.Key).Order().ToArray());
        Assert.Equal("shop-db-rw", Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["host"]!)));
        foreach (var svc in new[] { "shop-db-rw", "shop-db-ro", "shop-db-r" }) Assert.NotNull(cluster.Store.Get("v1", "Service", Ns, svc));
        Assert.Equal("mysql:8.4", (string?)mysql["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.NotNull(cluster.Store.Get("v1", "Secret", "billing-api", "billing-mysql")!["data"]!["MYSQL_ROOT_PASSWORD"]);
        Assert.NotNull(cluster.Store.Get("v1", "Service", "billing-api", "billing-mysql"));
        Assert.Equal("postgres:15", (string?)pg["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public async Task NewCluster_Created_GetsAppSecretServicesAndHealthyStatus()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        await client.PostAsync("/apis/postgresql.cnpg.io/v1/namespaces/analytics/clusters", JsonNode.Parse(
            """{"apiVersion":"postgresql.cnpg.io/v1","kind":"Cluster","metadata":{"name":"reports"},"spec":{"instances":2,"storage":{"size":"1Gi"}}}""")!);
        var db = await Eventually.UntilAsync(async () => (await client.GetAsync("/apis/postgresql.cnpg.io/v1/namespaces/analytics/clusters/reports")).Body,
            c => Objects.Phase(c) is not null, "cluster status");

        Assert.Equal("Cluster in healthy state", Objects.Phase(db));
        Assert.Equal(2, (int?)db["status"]!["instances"]);
        Assert.NotNull(cluster.Store.Get("v1", "Secret", "analytics", "reports-app"));
        Assert.NotNull(cluster.Store.Get("v1", "Service", "analytics", "reports-rw"));
    }

    [CrdsFact]
    public async Task Backup_WithRealCnpgCrds_GoesToCompleted()
    {
        await using var cluster = await TestCluster.StartAsync(crds: SharedCrds.Directory);
        using var client = new ApiClient(cluster);

        var (code, _) = await client.PostAsync($"{Backups}?fieldValidation=Strict", Backup("real-1", "shop-db"));
        var done = await Eventually.UntilAsync(async () => (await client.GetAsync($"{Backups}/real-1")).Body,
            b => Objects.Phase(b) is "completed" or "failed", "backup to finish");

        Assert.Equal(System.Net.HttpStatusCode.Created, code);
        Assert.Equal("completed", Objects.Phase(done));
        Assert.Contains("postgresql.cnpg.io_backups.yaml", cluster.Catalog.Find("postgresql.cnpg.io/v1", "Backup")!.Source);
    }
}
