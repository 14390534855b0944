using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using Portal.Moves.Playbooks;

namespace Portal.IntegrationTests.Moves;

/// <summary>The "GitOps + database dump and restore" playbook on two simulated clusters: an Argo CD–managed storefront
/// with a PostgreSQL StatefulSet moves with its data dumped by pg_dumpall on the source and replayed by psql on the
/// target (the dump claim copied between them with rsync), and is rolled back.</summary>
public class DatabaseDumpPlaybookTests
{
    private const string Ns = "storefront";
    private const string Owner = "kubernetes-portal.io/migration-application";

    private static MigrationWorld.AppSpec Storefront => MigrationWorld.Storefront with { Playbook = MigrationPlaybook.GitOpsWithDatabaseDump };

    [Fact]
    public async Task PostgresStatefulSet_IsDumpedOnTheSource_RestoredOnTheTarget_ScratchObjectsGone_ThenRolledBack()
    {
        await using var w = await MigrationWorld.CreateAsync(new Dictionary<string, string?> { ["Migrations:PollInterval"] = "00:00:00.200" });
        AddPostgres(w.Source);
        var wave = await w.ApprovedWaveAsync([Storefront]);
        var jobs = new ConcurrentDictionary<string, string>();
        using var watching = new CancellationTokenSource();
        var watcher = WatchJobsAsync(w, jobs, watching.Token);
        await w.StartAsync();

        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        await watching.CancelAsync();
        await watcher;
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
        var app = await w.AppAsync(wave.Apps[Ns]);
        Assert.Equal(MigrationApplicationStatus.Moved, app.Status);

        // The dump ran on the source with pg_dumpall into the scratch claim, the restore on the target with psql.
        var dump = Assert.Single(jobs, j => j.Key.StartsWith("prod-east/", StringComparison.Ordinal) && j.Value.Contains("pg_dumpall", StringComparison.Ordinal));
        Assert.Contains("run_tool pg_dumpall --file=\"$PARTIAL\"", dump.Value);
        Assert.Contains("NAME=\"shop-pg-$STAMP.sql\"", dump.Value);
        var restore = Assert.Single(jobs, j => j.Key.StartsWith("dr-west/", StringComparison.Ordinal) && j.Value.Contains("psql", StringComparison.Ordinal));
        Assert.Contains("psql -X -q --dbname='dbname=postgres' -f \"$ARTIFACT\"", restore.Value);
        Assert.Contains("verify_checksum", restore.Value);
        Assert.DoesNotContain(jobs.Values, v => v.Contains("pg_dumpall", StringComparison.Ordinal) && v.Contains("psql -X", StringComparison.Ordinal));

        var move = app.Steps.Single(s => s.Step == MigrationStep.MoveData);
        Assert.Equal(MigrationStepStatus.Done, move.Status);
        Assert.Contains("StatefulSet shop-pg (pg_dumpall/psql)", move.Detail);
        Assert.Contains(app.RunState.Notes, n => n.StartsWith("StatefulSet shop-pg dumped on prod-east: shop-pg/shop-pg-", StringComparison.Ordinal));
        Assert.True(app.RunState.DatabaseDumps.Single().Restored);

        // Source: the application and its database scaled down, the Argo CD Application frozen. Target: both running.
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "Deployment", Ns, "web"));
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "StatefulSet", Ns, "shop-pg"));
        Assert.Equal(1, MigrationWorld.Replicas(w.Target, "StatefulSet", Ns, "shop-pg"));
        Assert.Equal(3, MigrationWorld.Replicas(w.Target, "Deployment", Ns, "web"));
        Assert.NotNull(MigrationWorld.Get(w.Target, "argoproj.io/v1alpha1", "Application", "argocd", "storefront"));

        // No scratch object left on either cluster: the dump claims, the dump and restore Jobs, the rsync objects.
        foreach (var c in new[] { w.Source, w.Target })
        {
            Assert.DoesNotContain(MigrationWorld.List(c, "batch/v1", "Job", Ns), j => j["metadata"]!["labels"]?[Owner] is not null);
            Assert.DoesNotContain(MigrationWorld.List(c, "v1", "PersistentVolumeClaim", Ns), p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-", StringComparison.Ordinal));
            Assert.DoesNotContain(MigrationWorld.List(c, "v1", "Service", Ns), s => s["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-", StringComparison.Ordinal));
            Assert.DoesNotContain(MigrationWorld.List(c, "v1", "Secret", Ns), s => s["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-", StringComparison.Ordinal));
        }
        Assert.Empty(app.RunState.CreatedOnSource);

        // Rollback: the source application and its database run again, the target is cleaned.
        await w.AskRollbackAsync(wave, Ns);
        var back = await w.WaitForAppAsync(app.Id, a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(back.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(back));
        Assert.Equal(1, MigrationWorld.Replicas(w.Source, "StatefulSet", Ns, "shop-pg"));
        Assert.Equal(3, MigrationWorld.Replicas(w.Source, "Deployment", Ns, "web"));
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "StatefulSet", Ns, "shop-pg"));
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "Deployment", Ns, "web"));
        Assert.Null(MigrationWorld.Get(w.Target, "argoproj.io/v1alpha1", "Application", "argocd", "storefront"));
        var argo = MigrationWorld.Get(w.Source, "argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.NotNull(argo["spec"]!["syncPolicy"]!["automated"]);
    }

    [Fact]
    public async Task FailedDump_FailsTheStepWithTheToolsOwnWords_TheSourceDatabaseKeepsRunning_AndRollsBackClean()
    {
        await using var w = await MigrationWorld.CreateAsync(new Dictionary<string, string?> { ["Migrations:PollInterval"] = "00:00:00.200" });
        AddPostgres(w.Source);
        var wave = await w.ApprovedWaveAsync([Storefront]);
        w.Source.Faults.FailNextJob("portal-db-", message: """{"status":"Failed","exitCode":1,"error":"pg_dumpall: error: query failed: ERROR:  permission denied for table pg_authid"}""");
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps[Ns], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        var move = app.Steps.Single(s => s.Step == MigrationStep.MoveData);
        Assert.Equal(MigrationStepStatus.Failed, move.Status);
        Assert.Contains("The dump of StatefulSet shop-pg failed", move.Detail);
        Assert.Contains("pg_dumpall: error: query failed: ERROR:  permission denied for table pg_authid", move.Detail);
        // The database was not stopped (its dump never succeeded); the application was.
        Assert.Equal(1, MigrationWorld.Replicas(w.Source, "StatefulSet", Ns, "shop-pg"));
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "Deployment", Ns, "web"));

        await w.AskRollbackAsync(wave, Ns);
        var back = await w.WaitForAppAsync(app.Id, a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(back.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(back));
        Assert.Equal(3, MigrationWorld.Replicas(w.Source, "Deployment", Ns, "web"));
        Assert.Equal(1, MigrationWorld.Replicas(w.Source, "StatefulSet", Ns, "shop-pg"));
        Assert.Empty(back.RunState.CreatedOnSource);
        Assert.DoesNotContain(MigrationWorld.List(w.Source, "batch/v1", "Job", Ns), j => j["metadata"]!["labels"]?[Owner] is not null);
        Assert.DoesNotContain(MigrationWorld.List(w.Source, "v1", "PersistentVolumeClaim", Ns), p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-", StringComparison.Ordinal));
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "StatefulSet", Ns, "shop-pg"));
    }

    [Fact]
    public async Task CloudNativePgCluster_AppDatabaseDumpedWithPgDump_RestoredOverTheTargetOperatorsDatabase()
    {
        await using var w = await MigrationWorld.CreateAsync(new Dictionary<string, string?> { ["Migrations:PollInterval"] = "00:00:00.200" });
        w.Source.Store.Put(new JsonObject
        {
            ["apiVersion"] = "postgresql.cnpg.io/v1", ["kind"] = "Cluster",
            ["metadata"] = new JsonObject { ["name"] = "shop-db", ["namespace"] = Ns, ["labels"] = new JsonObject { ["app.kubernetes.io/instance"] = "storefront" } },
            ["spec"] = new JsonObject
            {
                ["instances"] = 1,
                ["imageName"] = "ghcr.io/cloudnative-pg/postgresql:16.4",
                ["storage"] = new JsonObject { ["size"] = "5Gi" },
                ["bootstrap"] = new JsonObject { ["initdb"] = new JsonObject { ["database"] = "shop", ["owner"] = "shop" } },
            },
        });
        var wave = await w.ApprovedWaveAsync([Storefront]);
        var jobs = new ConcurrentDictionary<string, string>();
        using var watching = new CancellationTokenSource();
        var watcher = WatchJobsAsync(w, jobs, watching.Token);
        await w.StartAsync();

        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        await watching.CancelAsync();
        await watcher;
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
        var dump = Assert.Single(jobs, j => j.Key.StartsWith("prod-east/portal-db-", StringComparison.Ordinal));
        Assert.Contains("run_tool pg_dump --format=custom --dbname=", dump.Value);
        Assert.Contains("shop", dump.Value);
        var restore = Assert.Single(jobs, j => j.Key.StartsWith("dr-west/portal-db-", StringComparison.Ordinal));
        Assert.Contains("run_tool pg_restore --no-owner --exit-on-error --clean --if-exists --dbname=", restore.Value);
        var app = await w.AppAsync(wave.Apps[Ns]);
        Assert.Contains("Cluster shop-db (pg_dump/pg_restore)", app.Steps.Single(s => s.Step == MigrationStep.MoveData).Detail);
        // The target's operator runs the cluster; the portal's scratch objects are gone.
        Assert.NotNull(MigrationWorld.Get(w.Target, "postgresql.cnpg.io/v1", "Cluster", Ns, "shop-db"));
        Assert.DoesNotContain(MigrationWorld.List(w.Target, "v1", "PersistentVolumeClaim", Ns), p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-", StringComparison.Ordinal));
        Assert.DoesNotContain(MigrationWorld.List(w.Source, "v1", "PersistentVolumeClaim", Ns), p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecutorKilledWhileTheDumpRuns_AnotherReplicaFinishes_OneDumpJobAndOneRestoreJob()
    {
        await using var w = await MigrationWorld.CreateAsync(new Dictionary<string, string?> { ["Migrations:PollInterval"] = "00:00:00.200" });
        AddPostgres(w.Source);
        var doomed = await w.AddReplicaAsync("doomed", lease: TimeSpan.FromSeconds(3));
        var wave = await w.ApprovedWaveAsync([Storefront]);
        var jobs = new ConcurrentDictionary<string, string>();
        using var watching = new CancellationTokenSource();
        var watcher = WatchJobsAsync(w, jobs, watching.Token);
        await w.StartAsync(doomed);
        await w.WaitForAppAsync(wave.Apps[Ns], a => a.RunState.CreatedOnSource.Any(r => r.Kind == "Job"));
        await doomed.KillExecutorAsync();

        var survivor = await w.AddReplicaAsync("survivor", lease: TimeSpan.FromSeconds(3));
        await w.StartAsync(survivor);
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        await watching.CancelAsync();
        await watcher;
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
        Assert.True((await w.RequestAsync(wave.Requests[Ns])).Attempt >= 2, "the move should have been resumed by the survivor");
        Assert.Single(jobs.Keys, k => k.StartsWith("prod-east/portal-db-", StringComparison.Ordinal));
        Assert.Single(jobs.Keys, k => k.StartsWith("dr-west/portal-db-", StringComparison.Ordinal));
        var app = await w.AppAsync(wave.Apps[Ns]);
        Assert.Equal(1, app.RunState.DatabaseWorkloads.Single().Replicas);
        Assert.Equal(app.RunState.Quiesced.Count, app.RunState.Quiesced.Distinct().Count());
        Assert.Equal(1, MigrationWorld.Replicas(w.Target, "StatefulSet", Ns, "shop-pg"));
        Assert.Empty(app.RunState.CreatedOnSource);
    }

    [Fact]
    public async Task DatabasePasswordNotFromASecret_FailsBeforeAnythingIsScaledDown_SayingWhy()
    {
        await using var w = await MigrationWorld.CreateAsync(new Dictionary<string, string?> { ["Migrations:PollInterval"] = "00:00:00.200" });
        AddPostgres(w.Source);
        var set = w.Source.Store.Get("apps/v1", "StatefulSet", Ns, "shop-pg")!;
        set["spec"]!["template"]!["spec"]!["containers"]![0]!["env"] = new JsonArray(new JsonObject { ["name"] = "POSTGRES_PASSWORD", ["value"] = "in-the-manifest" });
        w.Source.Store.Put(set);
        var wave = await w.ApprovedWaveAsync([Storefront]);
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps[Ns], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        var quiesce = app.Steps.Single(s => s.Step == MigrationStep.Quiesce);
        Assert.Equal(MigrationStepStatus.Failed, quiesce.Status);
        Assert.Contains("nothing was scaled down", quiesce.Detail);
        Assert.Contains("StatefulSet shop-pg does not take its POSTGRES_PASSWORD from a Secret", quiesce.Detail);
        Assert.Equal(3, MigrationWorld.Replicas(w.Source, "Deployment", Ns, "web"));
        Assert.Equal(1, MigrationWorld.Replicas(w.Source, "StatefulSet", Ns, "shop-pg"));
        Assert.True(app.CanRollBack);
    }

    /// <summary>Records the container command of every Job the portal makes for the application, on both clusters.</summary>
    private static async Task WatchJobsAsync(MigrationWorld w, ConcurrentDictionary<string, string> seen, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var c in new[] { w.Source, w.Target })
            {
                foreach (var job in MigrationWorld.List(c, "batch/v1", "Job", Ns).Where(j => j["metadata"]!["labels"]?[Owner] is not null))
                {
                    var command = job["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.AsArray();
                    seen[$"{c.ClusterName}/{job["metadata"]!["name"]!.GetValue<string>()}/{job["metadata"]!["uid"]!.GetValue<string>()}"] = string.Join(' ', command.Select(x => x!.GetValue<string>()));
                }
            }
            try { await Task.Delay(40, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>A PostgreSQL StatefulSet deployed by the storefront's Argo CD Application: credentials from a Secret, a
    /// headless governing Service, a data claim template of the default class.</summary>
    private static void AddPostgres(Portal.ClusterSimulator.SimulatedCluster c)
    {
        JsonObject Labels() => new() { ["app"] = "shop-pg", ["app.kubernetes.io/instance"] = "storefront" };
        JsonObject FromSecret(string name, string key) => new()
        {
            ["name"] = name, ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "shop-pg", ["key"] = key } },
        };
        c.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "shop-pg", ["namespace"] = Ns, ["labels"] = Labels() },
            ["type"] = "Opaque",
            ["data"] = new JsonObject
            {
                ["POSTGRES_USER"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("shop")),
                ["POSTGRES_PASSWORD"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cr3t-shop")),
            },
        });
        c.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = "shop-pg", ["namespace"] = Ns, ["labels"] = Labels() },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = "None",
                ["selector"] = new JsonObject { ["app"] = "shop-pg" },
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "postgres", ["port"] = 5432, ["targetPort"] = 5432 }),
            },
        });
        c.Store.Put(new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet",
            ["metadata"] = new JsonObject { ["name"] = "shop-pg", ["namespace"] = Ns, ["labels"] = Labels() },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["serviceName"] = "shop-pg",
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "shop-pg" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = Labels() },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "postgres",
                            ["image"] = "postgres:16",
                            ["ports"] = new JsonArray(new JsonObject { ["name"] = "postgres", ["containerPort"] = 5432 }),
                            ["env"] = new JsonArray(FromSecret("POSTGRES_USER", "POSTGRES_USER"), FromSecret("POSTGRES_PASSWORD", "POSTGRES_PASSWORD"),
                                new JsonObject { ["name"] = "POSTGRES_DB", ["value"] = "shop" }),
                            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/var/lib/postgresql/data" }),
                        }),
                    },
                },
                ["volumeClaimTemplates"] = new JsonArray(new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = "data" },
                    ["spec"] = new JsonObject
                    {
                        ["accessModes"] = new JsonArray("ReadWriteOnce"),
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "5Gi" } },
                    },
                }),
            },
        });
    }
}
