using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class BatchJobTests
{
    private const string Ns = "shop-payments";

    private static async Task<JsonNode> FinishedJobAsync(ApiClient client, string ns, string name) =>
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Jobs(ns)}/{name}")).Body,
            j => Objects.Finished(j) is not null, $"job {name} to finish");

    private static async Task<JsonArray> PodsOfAsync(ApiClient client, string ns, string job) =>
        (await client.GetAsync($"{Objects.Pods(ns)}?labelSelector=job-name%3D{job}")).Body!["items"]!.AsArray();

    [Fact]
    public async Task Job_PgDump_CompletesAndPodCarriesTerminationMessage()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        var (code, _) = await client.PostAsync(Objects.Jobs(Ns), Objects.DumpJob(Ns, "dump-now-1"));
        var job = await FinishedJobAsync(client, Ns, "dump-now-1");
        var pods = await PodsOfAsync(client, Ns, "dump-now-1");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("Complete", Objects.Finished(job));
        Assert.Equal(1, (int?)job["status"]!["succeeded"]);
        Assert.NotNull(job["status"]!["startTime"]);
        Assert.NotNull(job["status"]!["completionTime"]);
        var pod = Assert.Single(pods);
        Assert.StartsWith("dump-now-1-", (string?)pod!["metadata"]!["name"]);
        Assert.Equal("Succeeded", Objects.Phase(pod));
        Assert.Equal((string?)job["metadata"]!["uid"], (string?)pod["metadata"]!["labels"]!["controller-uid"]);
        Assert.Equal("dump-now-1", (string?)pod["metadata"]!["labels"]!["batch.kubernetes.io/job-name"]);
        Assert.Equal("Job", (string?)pod["metadata"]!["ownerReferences"]![0]!["kind"]);
        var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal(0, (int?)terminated["exitCode"]);
        Assert.Equal("Completed", (string?)terminated["reason"]);
        var message = JsonNode.Parse((string)terminated["message"]!)!;
        Assert.Equal("Succeeded", (string?)message["status"]);
        Assert.Equal("pvc://dumps/shop/dump-now-1.dump", (string?)message["artifact"]);
        Assert.Equal("pg_dump 16.4", (string?)message["tool"]);
        Assert.True((long)message["sizeBytes"]! > 0);
        Assert.Equal(64, ((string)message["sha256"]!).Length);
        Assert.NotNull(message["startedAt"]);
        Assert.NotNull(message["completedAt"]);
    }

    [Fact]
    public async Task Job_InjectedFailureWithBackoffLimit1_FailsAfterTwoPodsWithBackoffLimitExceeded()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        const string error = """{"status":"Failed","exitCode":1,"error":"pg_dump: error: connection to server at \"shop-db-rw\" (10.96.1.2), port 5432 failed: FATAL:  password authentication failed for user \"app\""}""";
        cluster.Faults.FailNextJob("nightly-", exitCode: 1, message: error);

        await client.PostAsync(Objects.Jobs(Ns), Objects.DumpJob(Ns, "nightly-1", backoffLimit: 1));
        var job = await FinishedJobAsync(client, Ns, "nightly-1");
        var pods = await PodsOfAsync(client, Ns, "nightly-1");

        Assert.Equal("Failed", Objects.Finished(job));
        var condition = job["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Failed")!;
        Assert.Equal("BackoffLimitExceeded", (string?)condition["reason"]);
        Assert.Equal(2, (int?)job["status"]!["failed"]);
        Assert.Null(job["status"]!["completionTime"]);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("Failed", Objects.Phase(p));
            var terminated = p!["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
            Assert.Equal(1, (int?)terminated["exitCode"]);
            Assert.Equal("Error", (string?)terminated["reason"]);
            Assert.Contains("password authentication failed for user \"app\"", (string?)JsonNode.Parse((string)terminated["message"]!)!["error"]);
        });
    }

    [Fact]
    public async Task Job_FailureOfFirstPodOnly_RetriesAndCompletes()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        cluster.Faults.FailNextJob("flaky", exitCode: 2, failedPods: 1);

        await client.PostAsync(Objects.Jobs(Ns), Objects.DumpJob(Ns, "flaky", backoffLimit: 3));
        var job = await FinishedJobAsync(client, Ns, "flaky");
        var pods = await PodsOfAsync(client, Ns, "flaky");

        Assert.Equal("Complete", Objects.Finished(job));
        Assert.Equal(1, (int?)job["status"]!["failed"]);
        Assert.Equal(1, (int?)job["status"]!["succeeded"]);
        Assert.Equal(["Failed", "Succeeded"], pods.Select(p => Objects.Phase(p)!).Order().ToArray());
    }

    [Fact]
    public async Task Job_ActiveDeadlinePassed_FailsWithDeadlineExceeded()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TestCluster.StartAsync(time: time);
        using var client = new ApiClient(cluster);
        var job = Objects.DumpJob(Ns, "slow");
        job["spec"]!["activeDeadlineSeconds"] = 60;
        job["metadata"]!["annotations"] = new JsonObject { ["simulator.kubernetes-portal.io/run-seconds"] = "600" };

        await client.PostAsync(Objects.Jobs(Ns), job);
        await Eventually.UntilAsync(async () => await PodsOfAsync(client, Ns, "slow"), p => p.Count == 1 && Objects.Phase(p[0]) == "Running", "running pod");
        time.Advance(TimeSpan.FromSeconds(61));
        var done = await FinishedJobAsync(client, Ns, "slow");

        Assert.Equal("Failed", Objects.Finished(done));
        Assert.Equal("DeadlineExceeded", (string?)done["status"]!["conditions"]![0]!["reason"]);
    }

    [Fact]
    public async Task Job_VerbatimMessageAnnotation_IsTheTerminationMessage()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var job = Objects.DumpJob(Ns, "custom");
        job["metadata"]!["annotations"] = new JsonObject { ["simulator.kubernetes-portal.io/termination-message"] = "{\"status\":\"Succeeded\",\"note\":\"given\"}" };

        await client.PostAsync(Objects.Jobs(Ns), job);
        await FinishedJobAsync(client, Ns, "custom");
        var pod = (await PodsOfAsync(client, Ns, "custom"))[0]!;

        Assert.Equal("{\"status\":\"Succeeded\",\"note\":\"given\"}", (string?)pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["message"]);
    }

    [Fact]
    public async Task Job_VerifyRestore_ReportsTables()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var job = Objects.DumpJob(Ns, "verify-1");
        job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"] = new JsonArray("pg_restore --list /backup/x.dump");

        await client.PostAsync(Objects.Jobs(Ns), job);
        await FinishedJobAsync(client, Ns, "verify-1");
        var pod = (await PodsOfAsync(client, Ns, "verify-1"))[0]!;
        var message = JsonNode.Parse((string)pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["message"]!)!;

        Assert.Equal("Succeeded", (string?)message["status"]);
        Assert.StartsWith("pg_restore", (string?)message["tool"]);
        var first = message["tables"]!.AsArray()[0]!;
        Assert.Equal(("public", "customers"), ((string?)first["schema"], (string?)first["name"]));
        Assert.True((long)first["rows"]! > 0);
        Assert.Equal(message["tables"]!.AsArray().Count, (int)message["tocTables"]!);
        Assert.Empty(message["missing"]!.AsArray());
    }

    [Fact]
    public async Task Job_ReportFromNextJob_SucceedsWithTheGivenMessage()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        const string report = "{\"tables\":[],\"tocTables\":2,\"missing\":[\"public.orders\",\"public.items\"]}";
        cluster.Faults.ReportFromNextJob("verify-", report);

        await client.PostAsync(Objects.Jobs(Ns), Objects.DumpJob(Ns, "verify-2"));
        await FinishedJobAsync(client, Ns, "verify-2");
        var pod = (await PodsOfAsync(client, Ns, "verify-2"))[0]!;

        Assert.Equal("Succeeded", (string?)pod["status"]!["phase"]);
        Assert.Equal(report, (string?)pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["message"]);
    }

    [Fact]
    public async Task CronJob_ForbidWithActiveJob_SkipsThenRunsLateWithUpstreamNames()
    {
        var start = new DateTimeOffset(2025, 3, 10, 1, 59, 30, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        await using var cluster = await TestCluster.StartAsync(time: time);
        using var client = new ApiClient(cluster);
        var cronJob = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = new JsonObject { ["name"] = "shop-dump", ["namespace"] = Ns },
            ["spec"] = new JsonObject
            {
                ["schedule"] = "* * * * *",
                ["timeZone"] = "Europe/Berlin",
                ["concurrencyPolicy"] = "Forbid",
                ["jobTemplate"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["labels"] = new JsonObject { ["kubernetes-portal.io/schedule"] = "42" },
                        ["annotations"] = new JsonObject { ["simulator.kubernetes-portal.io/run-seconds"] = "150" },
                    },
                    ["spec"] = Objects.DumpJob(Ns, "x")["spec"]!.DeepClone(),
                },
            },
        };
        var jobs = $"{Objects.Jobs(Ns)}?labelSelector=kubernetes-portal.io%2Fschedule%3D42";

        var (code, _) = await client.PostAsync($"/apis/batch/v1/namespaces/{Ns}/cronjobs", cronJob);
        time.Advance(TimeSpan.FromSeconds(35)); // 02:00:05 → the 02:00 run is due
        var first = await Eventually.UntilAsync(async () => (await client.GetAsync(jobs)).Body!["items"]!.AsArray(), a => a.Count == 1, "first job");
        var active = await Eventually.UntilAsync(async () => (await client.GetAsync($"/apis/batch/v1/namespaces/{Ns}/cronjobs/shop-dump")).Body,
            c => c?["status"]?["active"] is JsonArray { Count: 1 }, "active job in status");
        await Eventually.UntilAsync(async () => await PodsOfAsync(client, Ns, (string)first[0]!["metadata"]!["name"]!),
            p => p.Count == 1 && Objects.Phase(p[0]) == "Running", "first job's pod running");
        time.Advance(TimeSpan.FromSeconds(60)); // 02:01:05: the first job still runs (150 s) → Forbid skips 02:01
        await ControllerPasses.WaitAsync(cluster); // a whole pass of the CronJob controller at 02:01:05
        var whileActive = (await client.GetAsync(jobs)).Body!["items"]!.AsArray();
        time.Advance(TimeSpan.FromSeconds(120)); // 02:03:05: the first job has finished; the 02:03 run starts late
        var both = await Eventually.UntilAsync(async () => (await client.GetAsync(jobs)).Body!["items"]!.AsArray(), a => a.Count == 2, "second job");
        // The controller makes the Job, then writes the CronJob's status: wait for that write, not just the Job.
        var status = await Eventually.UntilAsync(async () => (await client.GetAsync($"/apis/batch/v1/namespaces/{Ns}/cronjobs/shop-dump")).Body,
            c => c?["status"]?["lastScheduleTime"]?.GetValue<string>() != "2025-03-10T02:00:00Z", "the CronJob's status after the late run");

        Assert.Equal(HttpStatusCode.Created, code);
        var firstJob = first[0]!;
        var minute = new DateTimeOffset(2025, 3, 10, 2, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() / 60;
        Assert.Equal($"shop-dump-{minute}", (string?)firstJob["metadata"]!["name"]);
        Assert.Equal("CronJob", (string?)firstJob["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Equal("150", (string?)firstJob["metadata"]!["annotations"]!["simulator.kubernetes-portal.io/run-seconds"]);
        Assert.Single(whileActive);
        Assert.Equal((string?)firstJob["metadata"]!["name"], (string?)active["status"]!["active"]![0]!["name"]);
        Assert.Contains(both, j => (string?)j!["metadata"]!["name"] == $"shop-dump-{minute + 3}");
        Assert.Equal("2025-03-10T02:03:00Z", (string?)status!["status"]!["lastScheduleTime"]);
    }

    [Fact]
    public async Task CronJob_BadScheduleOrTimeZone_Returns422()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);
        JsonObject CronJob(string schedule, string? zone) => new()
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = new JsonObject { ["name"] = "bad", ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["schedule"] = schedule,
                ["timeZone"] = zone,
                ["jobTemplate"] = new JsonObject { ["spec"] = Objects.DumpJob("default", "x")["spec"]!.DeepClone() },
            },
        };

        var (badCron, body) = await client.PostAsync("/apis/batch/v1/namespaces/default/cronjobs", CronJob("every day", null));
        var (badZone, _) = await client.PostAsync("/apis/batch/v1/namespaces/default/cronjobs", CronJob("0 2 * * *", "Mars/Olympus"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCron);
        Assert.Contains("spec.schedule", body!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badZone);
    }

    [Fact]
    public async Task Job_WithoutRestartPolicy_Returns422EvenWithoutOpenApi()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);
        var job = Objects.DumpJob("default", "norestart");
        job["spec"]!["template"]!["spec"]!.AsObject().Remove("restartPolicy");

        var (code, body) = await client.PostAsync(Objects.Jobs("default"), job);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("restartPolicy", body!["message"]!.ToString());
    }

    [CrdsFact]
    public async Task CreateJob_ViolatingRealBatchSchema_Returns422()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false, crds: SharedCrds.Directory);
        using var client = new ApiClient(cluster);
        var noContainers = Objects.DumpJob("default", "no-containers");
        noContainers["spec"]!["template"]!["spec"]!.AsObject().Remove("containers");
        var unknownField = Objects.DumpJob("default", "unknown-field");
        unknownField["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePolicy"] = "Always";
        var wrongType = Objects.DumpJob("default", "wrong-type");
        wrongType["spec"]!["backoffLimit"] = "six";
        var tooBig = Objects.DumpJob("default", "too-big");
        tooBig["spec"]!["backoffLimit"] = 3_000_000_000L;

        var (missing, missingBody) = await client.PostAsync(Objects.Jobs("default"), noContainers);
        var (unknown, unknownBody) = await client.PostAsync($"{Objects.Jobs("default")}?fieldValidation=Strict", unknownField);
        var (type, _) = await client.PostAsync(Objects.Jobs("default"), wrongType);
        var (range, _) = await client.PostAsync(Objects.Jobs("default"), tooBig);
        var (valid, _) = await client.PostAsync($"{Objects.Jobs("default")}?fieldValidation=Strict", Objects.DumpJob("default", "valid"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing);
        Assert.Contains("spec.template.spec.containers", missingBody!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown);
        Assert.Contains("imagePolicy", unknownBody!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, type);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, range);
        Assert.Equal(HttpStatusCode.Created, valid);
    }

    [CrdsFact]
    public void CrdCatalog_FromSharedCrds_ValidatesJobsAndPodsAgainstRealSchemas()
    {
        var catalog = CrdCatalog.LoadFromDirectory(SharedCrds.Directory!);
        var job = Objects.DumpJob("default", "j");
        job["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"] = new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = 256 },
        };
        var badPod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"image":"x"}]}}""")!;

        Assert.Empty(catalog.Validate("batch/v1", "Job", job, strict: true));
        Assert.Contains(catalog.Validate("v1", "Pod", badPod, strict: true), e => e.Contains("spec.containers[0].name: Required value", StringComparison.Ordinal));
        Assert.NotNull(catalog.Find("batch/v1", "CronJob")?.Schema);
        Assert.NotNull(catalog.Find("postgresql.cnpg.io/v1", "ScheduledBackup")?.Schema);
    }
}
