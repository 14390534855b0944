using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Databases;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Domain.Migrations;
using Portal.Migrations.Classification;
using ToolEngine = Portal.Domain.Databases.DatabaseEngine;

namespace Portal.Execution.Migrations;

/// <summary>
/// The "GitOps + database dump and restore" playbook's data move. The quiesce stopped the application but left its
/// databases running; here each database is dumped on the source into a scratch claim by a Job (pg_dumpall, or
/// mysqldump --all-databases; pg_dump of the application database for a CloudNativePG cluster, whose application user
/// is no superuser), the source database workloads are scaled down (remembered with the quiesced ones, so a rollback
/// starts them again), the target's database workloads (applied at zero) are started and waited for, the scratch claim
/// is copied to the target with rsync (<see cref="DataCopy"/>), each dump is restored there by a Job (psql, mysql, or
/// pg_restore), and the scratch objects go. Every sub-step is recorded in the run state and every object has a
/// deterministic name and is looked up before it is created, so a second run continues where the first stopped.
/// </summary>
internal sealed class DatabaseMove(IMigrationClusterGateway kube, IDatabaseWorkloadGateway jobs, DataCopy dataCopy, IOptions<MigrationOptions> options)
{
    public const string MountPath = "/dumps";
    private const string CnpgApi = "postgresql.cnpg.io/v1";
    private readonly MigrationOptions _o = options.Value;

    /// <summary>The databases of the application, from its exported manifests (the classifier's detection).</summary>
    public static IReadOnlyList<DetectedDatabase> Detect(MigrationRun m) =>
        ApplicationClassifier.Classify(ApplicationMigrationExecutor.Manifests(m)).Databases
            .Where(d => d.Engine is Portal.Domain.Databases.DatabaseEngine.PostgreSql or Portal.Domain.Databases.DatabaseEngine.MySql
                or Portal.Domain.Databases.DatabaseEngine.MariaDb)
            .ToList();

    /// <summary>Is this source workload one of the application's databases (left running by the quiesce)?</summary>
    public static bool IsDatabase(IReadOnlyList<DetectedDatabase> databases, string kind, string name) =>
        databases.Any(d => d.Object.Kind == kind && d.Object.Name == name);

    /// <summary>Checks, before anything is stopped, that every database can be dumped and restored by a Job: its
    /// credentials come from a Secret and a Service reaches it. Throws with every problem in words.</summary>
    public static void CheckReachable(MigrationRun m, IReadOnlyList<DetectedDatabase> databases)
    {
        var problems = new List<string>();
        foreach (var d in databases)
        {
            var db = new DatabaseDump(d.Object.ApiVersion, d.Object.Kind, d.Object.Name, d.Engine.ToString());
            var manifest = ApplicationMigrationExecutor.Manifests(m).FirstOrDefault(o => o.Str("kind") == db.Kind && o.Name() == db.Name);
            if (manifest is null) continue;
            try
            {
                Connection(m, db, manifest);
            }
            catch (StepFailedException ex)
            {
                problems.Add(ex.Message);
            }
        }
        if (problems.Count > 0)
            throw new StepFailedException($"The databases cannot be moved by dump and restore, so nothing was scaled down: {string.Join(" ", problems)}");
    }

    public static string ScratchClaim(MigrationRun m) => $"portal-dbmove-{Short(m.App.Id.ToString())}";

    private static string Short(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];

    public async Task<string> MoveAsync(MigrationRun m, CancellationToken ct)
    {
        if (m.State.DatabaseDumps.Count == 0)
        {
            var found = Detect(m).Select(d => new DatabaseDump(d.Object.ApiVersion, d.Object.Kind, d.Object.Name, d.Engine.ToString())).ToList();
            if (found.Count == 0) return "";
            await m.SaveStateAsync(s => s with { DatabaseDumps = found }, ct);
        }
        var claim = ScratchClaim(m);
        var srcNs = m.App.SourceNamespace;
        var tgtNs = m.App.TargetNamespace;

        // 1. Dump every database on the source into the scratch claim.
        if (m.State.DatabaseDumps.Any(d => d.Artifact is null))
        {
            await EnsureAsync(m, m.Source, Claim(m, claim, srcNs), onSource: true, ct);
            foreach (var db in m.State.DatabaseDumps.Where(d => d.Artifact is null).ToList())
            {
                await ReportAsync(m, $"Dumping {db} on {m.SourceCluster.Name}", ct);
                var source = await m.OnSource(c => kube.GetAsync(c, db.ApiVersion, db.Kind, srcNs, db.Name, ct))
                    ?? throw new StepFailedException($"{db} is not in {srcNs} on {m.SourceCluster.Name} any more; it cannot be dumped.");
                var conn = Connection(m, db, source);
                var spec = DumpScript(db, conn);
                var job = DumpJobManifests.Job(Workload(m, db, conn, spec, srcNs, claim, "dump"), m.App.Id.ToString("N"));
                await EnsureAsync(m, m.Source, job, onSource: true, ct);
                var message = await WaitForJobAsync(m, m.Source, srcNs, job.Name(), $"The dump of {db}", ct);
                if (DumpArtifactMessage.Parse(message) is not DumpArtifactMessage.Succeeded ok)
                    throw new StepFailedException($"The dump of {db} finished but its result cannot be read: {message ?? "no termination message"}.");
                await m.SaveStateAsync(s => s with
                {
                    DatabaseDumps = s.DatabaseDumps.Select(d => d == db ? d with { Artifact = ok.Artifact, Sha256 = ok.Sha256 } : d).ToList(),
                }, ct);
                await m.NoteAsync($"{db} dumped on {m.SourceCluster.Name}: {ok.Artifact} ({ok.SizeBytes} bytes, {ok.Tool}).", ct);
            }
        }

        // 2. The source databases stop: nothing changes after the dump, and a rollback starts them again.
        if (m.State.DatabaseWorkloads.Any(w => !m.State.Quiesced.Contains(w)))
            await m.SaveStateAsync(s => s with { Quiesced = [.. s.Quiesced, .. s.DatabaseWorkloads.Where(w => !s.Quiesced.Contains(w))] }, ct);
        foreach (var w in m.State.DatabaseWorkloads)
            await m.OnSource(c => kube.MergePatchAsync(c, w.ApiVersion, w.Kind, srcNs, w.Name, ApplicationMigrationExecutor.QuiescePatch(w), ct));

        // 3. The target's databases start (applied at zero; a CloudNativePG cluster is brought up by its operator).
        foreach (var w in m.State.DatabaseWorkloads)
        {
            if (!await m.OnTarget(c => kube.MergePatchAsync(c, w.ApiVersion, w.Kind, tgtNs, w.Name, ApplicationMigrationExecutor.RestorePatch(w), ct)))
                throw new StepFailedException($"{w.Kind} {w.Name} is not in {tgtNs} on {m.TargetCluster.Name}: there is no database to restore into.");
        }
        await WaitForDatabasesAsync(m, ct);

        // 4. The dumps go to the target: a scratch claim of the same name there, filled with rsync.
        if (!m.State.DumpsCopied)
        {
            await EnsureAsync(m, m.Target, Claim(m, claim, tgtNs), onSource: false, ct);
            await dataCopy.CopyClaimsAsync(m, [claim], ct);
            await m.SaveStateAsync(s => s with { DumpsCopied = true }, ct);
        }

        // 5. Restore each dump on the target.
        foreach (var db in m.State.DatabaseDumps.Where(d => !d.Restored).ToList())
        {
            await ReportAsync(m, $"Restoring {db} on {m.TargetCluster.Name}", ct);
            var manifest = ApplicationMigrationExecutor.Manifests(m).FirstOrDefault(o => o.Str("kind") == db.Kind && o.Name() == db.Name)
                ?? throw new StepFailedException($"{db} is not among the exported objects; it cannot be restored.");
            var conn = Connection(m, db, manifest);
            var script = RestoreScript(db, conn);
            var job = DumpJobManifests.RestoreJob(Workload(m, db, conn, script, tgtNs, claim, "restore"), m.App.Id.ToString("N"));
            await EnsureAsync(m, m.Target, job, onSource: false, ct);
            await WaitForJobAsync(m, m.Target, tgtNs, job.Name(), $"The restore of {db}", ct);
            await m.SaveStateAsync(s => s with { DatabaseDumps = s.DatabaseDumps.Select(d => d == db ? d with { Restored = true } : d).ToList() }, ct);
        }

        // 6. Nothing of the move stays: the Jobs and scratch claims on both clusters.
        await CleanUpAsync(m, ct);
        return $"{m.State.DatabaseDumps.Count} database(s) dumped on {m.SourceCluster.Name} and restored on {m.TargetCluster.Name}: " +
               string.Join(", ", m.State.DatabaseDumps.Select(d => $"{d} ({(d.Kind == "Cluster" ? "pg_dump/pg_restore" : d.Engine == nameof(ToolEngine.PostgreSql) ? "pg_dumpall/psql" : "mysqldump --all-databases/mysql")})")) +
               "; the source databases are scaled down, the scratch claims and Jobs removed.";
    }

    /// <summary>Removes the scratch objects of the move from both clusters (also what a rollback calls for the source).</summary>
    public async Task CleanUpAsync(MigrationRun m, CancellationToken ct)
    {
        foreach (var r in m.State.CreatedOnSource.Reverse().ToList())
        {
            await m.OnSource(c => kube.DeleteAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct));
            await m.SaveStateAsync(s => s with { CreatedOnSource = s.CreatedOnSource.Where(x => x != r).ToList() }, ct);
        }
        // The scratch claim, the restore Jobs, and what the rsync copy made (it removed those itself already).
        var scratch = m.State.CreatedOnTarget.Where(r => r.Name == ScratchClaim(m) || r.Name.StartsWith("portal-rsync-", StringComparison.Ordinal)
            || r.Name.StartsWith($"{ScratchBase(m)}-", StringComparison.Ordinal)).Reverse().ToList();
        foreach (var r in scratch)
        {
            await m.OnTarget(c => kube.DeleteAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct));
            await m.SaveStateAsync(s => s with { CreatedOnTarget = s.CreatedOnTarget.Where(x => x != r).ToList() }, ct);
        }
    }

    private static string ScratchBase(MigrationRun m) => $"portal-db-{Short(m.App.Id.ToString())}";

    private Task ReportAsync(MigrationRun m, string what, CancellationToken ct) =>
        m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, what, now), null, null, ct);

    // ---------------------------------------------------------------- connection

    /// <summary>How a Job reaches one database: host and port, engine, the Secret with the credentials, the client image.</summary>
    private sealed record Conn(ToolEngine Engine, string Host, int Port, SecretCredentials Credentials, string Image, string? Database);

    private static Conn Connection(MigrationRun m, DatabaseDump db, JsonObject obj)
    {
        if (db.Kind == "Cluster")
        {
            var name = obj.Name();
            var image = obj.Str("spec.imageName") ?? "ghcr.io/cloudnative-pg/postgresql:16";
            var database = obj.Str("spec.bootstrap.initdb.database") ?? "app";
            return new Conn(ToolEngine.PostgreSql, $"{name}-rw", 5432, new SecretCredentials($"{name}-app", "username", null, "password"), image, database);
        }
        var engine = db.Engine switch
        {
            nameof(Portal.Domain.Databases.DatabaseEngine.MySql) => ToolEngine.MySql,
            nameof(Portal.Domain.Databases.DatabaseEngine.MariaDb) => ToolEngine.MariaDb,
            _ => ToolEngine.PostgreSql,
        };
        var container = (obj.At("spec.template.spec.containers") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => DatabaseImage(c.Str("image")))
            ?? throw new StepFailedException($"{db} has no database container any more.");
        var env = (container["env"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        string? Ref(string var, string part) => env.LastOrDefault(e => e.Str("name") == var).Str($"valueFrom.secretKeyRef.{part}");
        string? Value(string var) => env.LastOrDefault(e => e.Str("name") == var).Str("value");
        SecretCredentials? credentials = null;
        if (engine == ToolEngine.PostgreSql)
        {
            if (Ref("POSTGRES_PASSWORD", "name") is { } secret && Ref("POSTGRES_PASSWORD", "key") is { } key)
            {
                var userKey = Ref("POSTGRES_USER", "name") == secret ? Ref("POSTGRES_USER", "key") : null;
                credentials = new SecretCredentials(secret, userKey, userKey is null ? Value("POSTGRES_USER") ?? "postgres" : null, key);
            }
        }
        else
        {
            string[] rootVars = engine == ToolEngine.MariaDb ? ["MARIADB_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD"] : ["MYSQL_ROOT_PASSWORD"];
            foreach (var v in rootVars)
            {
                if (Ref(v, "name") is { } secret && Ref(v, "key") is { } key)
                {
                    credentials = new SecretCredentials(secret, null, "root", key);
                    break;
                }
            }
        }
        if (credentials is null)
            throw new StepFailedException($"{db} does not take its {(engine == ToolEngine.PostgreSql ? "POSTGRES_PASSWORD" : "root password")} from a Secret " +
                "(valueFrom.secretKeyRef), so the portal has no credentials to dump and restore it with.");
        var defaultPort = engine == ToolEngine.PostgreSql ? 5432 : 3306;
        var (host, port) = Service(m, obj, defaultPort)
            ?? throw new StepFailedException($"No Service in {m.App.SourceNamespace} selects the pods of {db}: a dump Job cannot reach it.");
        return new Conn(engine, host, port, credentials, container.Str("image")!, null);
    }

    private static bool DatabaseImage(string? image)
    {
        if (string.IsNullOrEmpty(image)) return false;
        var name = image.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > slash) name = name[..colon];
        return name[(slash + 1)..] is "postgres" or "postgresql" or "postgis" or "mysql" or "mysql-server" or "mariadb";
    }

    /// <summary>The Service that reaches the workload's pods: a StatefulSet's governing Service, else one whose selector
    /// matches the pod labels; the port of the database.</summary>
    private static (string Host, int Port)? Service(MigrationRun m, JsonObject workload, int defaultPort)
    {
        var services = ApplicationMigrationExecutor.Manifests(m).Where(o => o.Str("kind") == "Service").ToList();
        var podLabels = workload.At("spec.template.metadata.labels") as JsonObject ?? [];
        var governing = workload.Str("spec.serviceName") is { } sn ? services.FirstOrDefault(s => s.Name() == sn) : null;
        var svc = governing ?? services.FirstOrDefault(s => s.At("spec.selector") is JsonObject sel && sel.Count > 0
            && sel.All(p => podLabels[p.Key]?.ToString() == p.Value?.ToString()));
        if (svc is null) return null;
        var ports = (svc.At("spec.ports") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var port = ports.FirstOrDefault(p => p.Int("port") == defaultPort || p.Int("targetPort") == defaultPort)?.Int("port")
                   ?? ports.FirstOrDefault()?.Int("port") ?? defaultPort;
        return (svc.Name(), port);
    }

    // ---------------------------------------------------------------- scripts and Jobs

    private static string ArtifactName(DatabaseDump db) =>
        System.Text.RegularExpressions.Regex.IsMatch(db.Name, "^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$") ? db.Name : "db-" + Short(db.Name);

    private static ScriptResult DumpScript(DatabaseDump db, Conn conn)
    {
        var destination = new ArtifactDirectory(MountPath, ArtifactName(db));
        return conn.Database is { } database
            ? PostgresScripts.Dump(new PostgresDumpSpec { ScheduleId = ArtifactName(db), Database = database, Destination = destination })
            : ServerScripts.Dump(new ServerDumpSpec(conn.Engine, ArtifactName(db), destination));
    }

    private static ScriptResult RestoreScript(DatabaseDump db, Conn conn)
    {
        if (db.Artifact is null || db.Sha256 is null) throw new StepFailedException($"The dump of {db} is not recorded; it cannot be restored.");
        return conn.Database is { } database
            ? PostgresScripts.Restore(new PostgresRestoreSpec
            {
                MountPath = MountPath, Artifact = db.Artifact, ExpectedSha256 = db.Sha256, TargetDatabase = database, Mode = RestoreMode.OverwriteExisting,
            })
            : ServerScripts.Restore(new ServerRestoreSpec(conn.Engine, MountPath, db.Artifact, db.Sha256));
    }

    private static DumpWorkload Workload(MigrationRun m, DatabaseDump db, Conn conn, ScriptResult script, string ns, string claim, string what)
    {
        if (!script.IsValid)
            throw new StepFailedException($"The {what} of {db} cannot be scripted: {string.Join(" ", script.Errors)}");
        return new DumpWorkload
        {
            Namespace = ns,
            BaseName = $"{ScratchBase(m)}-{ArtifactName(db)}",
            Labels = new Dictionary<string, string>
            {
                [MigrationRun.OwnerLabel] = m.App.Id.ToString(),
                [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
            },
            Engine = conn.Engine,
            Image = conn.Image,
            Script = script.Script!,
            Host = conn.Host,
            Port = conn.Port,
            Credentials = conn.Credentials,
            ClaimName = claim,
            MountPath = MountPath,
            ActiveDeadlineSeconds = 6 * 3600,
        };
    }

    private JsonObject Claim(MigrationRun m, string name, string ns) =>
        DumpJobManifests.PersistentVolumeClaim(name, ns, null, _o.DatabaseScratchSizeGi, new Dictionary<string, string>
        {
            [MigrationRun.OwnerLabel] = m.App.Id.ToString(),
            [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
        });

    /// <summary>Creates the object unless it is there; recorded first (source: <see cref="MigrationRunState.CreatedOnSource"/>,
    /// target: <see cref="MigrationRunState.CreatedOnTarget"/>) so a rollback finds it even after a crash.</summary>
    private async Task EnsureAsync(MigrationRun m, ClusterConnection cluster, JsonObject obj, bool onSource, CancellationToken ct)
    {
        var r = obj.Ref();
        if (onSource && !m.State.CreatedOnSource.Contains(r))
            await m.SaveStateAsync(s => s.CreatedOnSource.Contains(r) ? s : s with { CreatedOnSource = [.. s.CreatedOnSource, r] }, ct);
        if (!onSource && !m.State.CreatedOnTarget.Contains(r))
            await m.SaveStateAsync(s => s.CreatedOnTarget.Contains(r) ? s : s with { CreatedOnTarget = [.. s.CreatedOnTarget, r] }, ct);
        if (await MigrationRun.On(cluster, () => kube.GetAsync(cluster, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct)) is not null) return;
        await MigrationRun.On(cluster, () => kube.ApplyAsync(cluster, obj, m.Owner, ct));
    }

    /// <summary>Waits for a dump or restore Job; its termination message when it succeeded; a failure in the tool's words.</summary>
    private async Task<string?> WaitForJobAsync(MigrationRun m, ClusterConnection cluster, string ns, string name, string what, CancellationToken ct)
    {
        var deadline = m.Run.Now + _o.DataCopyTimeout;
        var selector = $"{MigrationRun.OwnerLabel}={m.App.Id}";
        while (true)
        {
            var runs = await MigrationRun.On(cluster, () => jobs.ListJobRunsAsync(cluster, ns, selector, ct));
            var run = runs.FirstOrDefault(r => r.Name == name)
                ?? throw new StepFailedException($"{what}: Job {ns}/{name} on {cluster.ClusterName} disappeared before it finished.");
            if (run.Succeeded) return run.TerminationMessage;
            if (run.Failed)
            {
                var words = DumpArtifactMessage.Parse(run.TerminationMessage) is DumpArtifactMessage.Failed f && f.Error.Length > 0
                    ? f.Error
                    : run.FailureReason ?? "the Job failed without a message";
                throw new StepFailedException($"{what} failed (Job {ns}/{name} on {cluster.ClusterName}): {words}");
            }
            if (m.Run.Now > deadline) throw new StepFailedException($"{what} did not finish within {KubeJson.Words(_o.DataCopyTimeout)} (Job {ns}/{name} on {cluster.ClusterName}).");
            await Task.Delay(_o.PollInterval, ct);
        }
    }

    /// <summary>Waits until every database on the target is ready: workloads at their replicas, CloudNativePG clusters healthy.</summary>
    private async Task WaitForDatabasesAsync(MigrationRun m, CancellationToken ct)
    {
        var ns = m.App.TargetNamespace;
        var deadline = m.Run.Now + _o.VerifyTimeout;
        while (true)
        {
            var waiting = new List<string>();
            foreach (var w in m.State.DatabaseWorkloads)
            {
                var o = await m.OnTarget(c => kube.GetAsync(c, w.ApiVersion, w.Kind, ns, w.Name, ct));
                var want = w.Replicas ?? 1;
                var have = w.Kind == "Deployment" ? o.Int("status.availableReplicas") ?? 0 : o.Int("status.readyReplicas") ?? 0;
                if (have < want) waiting.Add($"{w.Kind} {w.Name} ({have} of {want} ready)");
            }
            foreach (var db in m.State.DatabaseDumps.Where(d => d.Kind == "Cluster"))
            {
                var o = await m.OnTarget(c => kube.GetAsync(c, CnpgApi, "Cluster", ns, db.Name, ct));
                var want = o.Int("spec.instances") ?? 1;
                var have = o.Int("status.readyInstances") ?? 0;
                if (o is null) waiting.Add($"CloudNativePG Cluster {db.Name} (not on {m.TargetCluster.Name})");
                else if (have < want) waiting.Add($"CloudNativePG Cluster {db.Name} ({have} of {want} instances ready)");
            }
            if (waiting.Count == 0) return;
            if (m.Run.Now > deadline)
                throw new StepFailedException($"The databases on {m.TargetCluster.Name} are not ready after {KubeJson.Words(_o.VerifyTimeout)}: {string.Join(", ", waiting)}.");
            await ReportAsync(m, $"Waiting for the databases on {m.TargetCluster.Name}: {string.Join(", ", waiting)}", ct);
            await Task.Delay(_o.PollInterval, ct);
        }
    }
}
