using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Domain.Databases;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Databases;

/// <summary>The database gateway end to end against the HTTPS simulator (its demo seed holds a CloudNativePG Cluster
/// in shop-payments, a MySQL StatefulSet in billing-api and a PostgreSQL Deployment in analytics).</summary>
public class DatabaseGatewaySimulatorTests
{
    private const string Owner = "kubernetes-portal.io/dump-schedule";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Job(string name, string owner, string? message = null, string ns = "billing-api") => Parse("""
        {"apiVersion":"batch/v1","kind":"Job",
         "metadata":{"name":"@name@","namespace":"@ns@","labels":{"@key@":"@owner@"}},
         "spec":{"backoffLimit":0,"template":{"metadata":{"labels":{"@key@":"@owner@"}},
           "spec":{"restartPolicy":"Never","containers":[{"name":"dump","image":"mysql:8.4","command":["sh","-c","true"],
             "env":[{"name":"SIMULATOR_TERMINATION_MESSAGE","value":"@message@"}]}]}}}}
        """.Replace("@name@", name).Replace("@ns@", ns).Replace("@key@", Owner).Replace("@owner@", owner)
        .Replace("@message@", message ?? "done"));

    private static JsonObject CronJob(string name, string owner, string schedule = "0 3 * * *") => Parse("""
        {"apiVersion":"batch/v1","kind":"CronJob",
         "metadata":{"name":"@name@","namespace":"billing-api","labels":{"@key@":"@owner@"}},
         "spec":{"schedule":"@schedule@","concurrencyPolicy":"Forbid","jobTemplate":{"spec":{"template":{"spec":{
           "restartPolicy":"Never","containers":[{"name":"dump","image":"mysql:8.4"}]}}}}}}
        """.Replace("@name@", name).Replace("@key@", Owner).Replace("@owner@", owner).Replace("@schedule@", schedule));

    [Fact]
    public async Task DiscoverDatabases_CloudNativePgNamespace_FindsClusterWithAppSecret()
    {
        await using var sim = await Simulator.StartAsync();

        var found = await DatabaseGatewayFactory.Create().DiscoverDatabasesAsync(sim.Connection(), "shop-payments", CancellationToken.None);

        var c = Assert.Single(found, x => x.Source == DatabaseSource.CloudNativePgCluster);
        Assert.Equal(("cluster/shop-db", DatabaseEngine.PostgreSql, 16), (c.SourceObject, c.Engine, c.ServerMajorVersion));
        Assert.Equal(("shop-db-rw", 5432, "shop-db-app"), (c.ServiceName, c.Port, c.SecretName));
        Assert.Equal(("username", "password"), (c.UsernameKey, c.PasswordKey));
        Assert.Equal(["app"], c.DatabaseNames);
    }

    [Fact]
    public async Task DiscoverDatabases_MySqlStatefulSet_FindsServiceSecretAndVersion()
    {
        await using var sim = await Simulator.StartAsync();

        var found = await DatabaseGatewayFactory.Create().DiscoverDatabasesAsync(sim.Connection(), "billing-api", CancellationToken.None);

        var c = Assert.Single(found);
        Assert.Equal(("statefulset/billing-mysql", DatabaseSource.Workload, DatabaseEngine.MySql, 8), (c.SourceObject, c.Source, c.Engine, c.ServerMajorVersion));
        Assert.Equal(("billing-mysql", 3306), (c.ServiceName, c.Port));
        Assert.Equal(("billing-mysql", "MYSQL_ROOT_PASSWORD", null), (c.SecretName, c.PasswordKey, c.UsernameKey));
        Assert.Equal(["billing"], c.DatabaseNames);
    }

    [Fact]
    public async Task DiscoverDatabases_CloudNativePgNotServed_SkipsItSilently()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.FailRequests(404, pathContains: "/apis/postgresql.cnpg.io/");

        var found = await DatabaseGatewayFactory.Create().DiscoverDatabasesAsync(sim.Connection(), "shop-payments", CancellationToken.None);

        Assert.DoesNotContain(found, x => x.Source == DatabaseSource.CloudNativePgCluster);
    }

    [Fact]
    public async Task GetSecretKeys_ExistingSecret_ReturnsKeyNamesWithoutValues()
    {
        await using var sim = await Simulator.StartAsync();

        var keys = await DatabaseGatewayFactory.Create().GetSecretKeysAsync(sim.Connection(), "billing-api", "billing-mysql", CancellationToken.None);

        Assert.NotNull(keys);
        Assert.Equal(["MYSQL_DATABASE", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD", "MYSQL_USER"], keys.Keys);
        var serialized = JsonSerializer.Serialize(keys);
        Assert.DoesNotContain("r00t-billing", serialized);
        Assert.DoesNotContain("dump-billing", serialized);
        Assert.DoesNotContain(Convert.ToBase64String("r00t-billing"u8.ToArray()), serialized);
    }

    [Fact]
    public async Task GetSecretKeys_MissingSecret_IsNull()
    {
        await using var sim = await Simulator.StartAsync();

        Assert.Null(await DatabaseGatewayFactory.Create().GetSecretKeysAsync(sim.Connection(), "billing-api", "nope", CancellationToken.None));
    }

    [Fact]
    public async Task GetVolumeClaim_BoundClaim_ReturnsAccessModesClassAndCapacity()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Store.Put(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"dumps","namespace":"billing-api"},
             "spec":{"accessModes":["ReadWriteMany"],"storageClassName":"nfs","resources":{"requests":{"storage":"5Gi"}}},
             "status":{"phase":"Bound","capacity":{"storage":"5Gi"}}}
            """)!);

        var claim = await DatabaseGatewayFactory.Create().GetVolumeClaimAsync(sim.Connection(), "billing-api", "dumps", CancellationToken.None);

        Assert.NotNull(claim);
        Assert.Equal(["ReadWriteMany"], claim.AccessModes);
        Assert.Equal(("nfs", "Bound", "5Gi"), (claim.StorageClass, claim.Phase, claim.Capacity));
        Assert.Null(await DatabaseGatewayFactory.Create().GetVolumeClaimAsync(sim.Connection(), "billing-api", "other", CancellationToken.None));
    }

    [Fact]
    public async Task Apply_SameOwnerTwice_CreatesThenReplaces()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();

        var created = await gateway.ApplyAsync(sim.Connection(), CronJob("nightly", "s1"), Owner, CancellationToken.None);
        var again = await gateway.ApplyAsync(sim.Connection(), CronJob("nightly", "s1", schedule: "30 4 * * *"), Owner, CancellationToken.None);

        Assert.Equal("0 3 * * *", created["spec"]!["schedule"]!.GetValue<string>());
        Assert.Equal("30 4 * * *", again["spec"]!["schedule"]!.GetValue<string>());
        var stored = sim.Store.Get("batch/v1", "CronJob", "billing-api", "nightly")!;
        Assert.Equal("30 4 * * *", stored["spec"]!["schedule"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_JobOfSameOwnerExists_ReturnsExistingWithoutReplacing()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        var first = await gateway.ApplyAsync(sim.Connection(), Job("dump-now-1", "s1"), Owner, CancellationToken.None);

        var second = await gateway.ApplyAsync(sim.Connection(), Job("dump-now-1", "s1"), Owner, CancellationToken.None);

        Assert.Equal(first["metadata"]!["uid"]!.GetValue<string>(), second["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_ForeignObjectOfThatName_IsConflict()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), CronJob("nightly", "someone-else"), Owner, CancellationToken.None);

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            gateway.ApplyAsync(sim.Connection(), CronJob("nightly", "s1"), Owner, CancellationToken.None));

        Assert.Equal(ClusterFault.Conflict, e.Fault);
        Assert.Contains("already exists and was not made by the portal", e.Message);
    }

    [Fact]
    public async Task Apply_CronJobWithBadSchedule_IsInvalid()
    {
        await using var sim = await Simulator.StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            DatabaseGatewayFactory.Create().ApplyAsync(sim.Connection(), CronJob("bad", "s1", schedule: "every night"), Owner, CancellationToken.None));

        Assert.Equal(ClusterFault.Invalid, e.Fault);
        Assert.Contains("spec.schedule", e.Message);
    }

    [Fact]
    public async Task Apply_ManifestWithoutOwnerLabel_IsRefusedBeforeAnyCall()
    {
        var manifest = CronJob("x", "s1");
        manifest["metadata"]!["labels"] = new JsonObject();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            DatabaseGatewayFactory.Create().ApplyAsync(new ClusterConnection(Guid.NewGuid(), "none", "not used"), manifest, Owner, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_RemovesAndToleratesAbsence()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), CronJob("nightly", "s1"), Owner, CancellationToken.None);

        await gateway.DeleteAsync(sim.Connection(), "batch/v1", "CronJob", "billing-api", "nightly", CancellationToken.None);
        await gateway.DeleteAsync(sim.Connection(), "batch/v1", "CronJob", "billing-api", "nightly", CancellationToken.None);

        Assert.Null(sim.Store.Get("batch/v1", "CronJob", "billing-api", "nightly"));
    }

    [Fact]
    public async Task WatchJob_JobSucceeds_EndsWithTerminationMessage()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), Job("dump-ok", "s1", message: "{\\\"status\\\":\\\"Succeeded\\\"}"), Owner, CancellationToken.None);

        var seen = await Follow(gateway, sim, "dump-ok");

        var last = seen[^1];
        Assert.True(last.Succeeded);
        Assert.NotNull(last.StartedAt);
        Assert.NotNull(last.CompletedAt);
        Assert.Equal("""{"status":"Succeeded"}""", last.TerminationMessage);
        Assert.All(seen[..^1], s => Assert.False(s.IsFinished));
    }

    [Fact]
    public async Task WatchJob_JobFails_EndsFailedWithToolError()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.FailNextJob("dump-bad", message: "pg_dump: error: connection refused");
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), Job("dump-bad", "s1"), Owner, CancellationToken.None);

        var last = (await Follow(gateway, sim, "dump-bad"))[^1];

        Assert.True(last.Failed);
        Assert.NotNull(last.FailureReason);
        Assert.Equal("pg_dump: error: connection refused", last.TerminationMessage);
    }

    [Fact]
    public async Task WatchJob_MissingJob_IsNotFound()
    {
        await using var sim = await Simulator.StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follow(DatabaseGatewayFactory.Create(), sim, "never-made"));

        Assert.Equal(ClusterFault.NotFound, e.Fault);
    }

    [Fact]
    public async Task ListJobRuns_FinishedJobs_ReadsOutcomeAndMessagesOfEach()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), Job("run-a", "s1", message: "a done"), Owner, CancellationToken.None);
        await gateway.ApplyAsync(sim.Connection(), Job("run-b", "s1", message: "b done"), Owner, CancellationToken.None);
        await gateway.ApplyAsync(sim.Connection(), Job("run-other", "s2"), Owner, CancellationToken.None);
        await Follow(gateway, sim, "run-a");
        await Follow(gateway, sim, "run-b");

        var runs = await gateway.ListJobRunsAsync(sim.Connection(), "billing-api", $"{Owner}=s1", CancellationToken.None);

        Assert.Equal(["run-a", "run-b"], runs.Select(r => r.Name).Order());
        Assert.All(runs, r => Assert.True(r.Succeeded));
        Assert.Equal("a done", runs.Single(r => r.Name == "run-a").TerminationMessage);
        Assert.Equal("b done", runs.Single(r => r.Name == "run-b").TerminationMessage);
    }

    [Fact]
    public async Task ListJobRuns_PodsWithoutSelectorLabel_FindsThemByJobName()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        var job = Job("run-c", "s1", message: "c done");
        job["spec"]!["template"]!["metadata"] = new JsonObject(); // pods will not carry the owner label
        await gateway.ApplyAsync(sim.Connection(), job, Owner, CancellationToken.None);
        await Follow(gateway, sim, "run-c");

        var run = Assert.Single(await gateway.ListJobRunsAsync(sim.Connection(), "billing-api", $"{Owner}=s1", CancellationToken.None));

        Assert.Equal("c done", run.TerminationMessage);
    }

    private static async Task<List<JobRunStatus>> Follow(Portal.Kubernetes.Databases.KubernetesDatabaseWorkloadGateway gateway,
        SimulatedCluster sim, string name)
    {
        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<JobRunStatus>();
        await foreach (var s in gateway.WatchJobAsync(sim.Connection(), "billing-api", name, cts.Token))
        {
            seen.Add(s);
        }

        return seen;
    }
}
