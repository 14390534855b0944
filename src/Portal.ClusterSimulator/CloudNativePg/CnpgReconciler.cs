using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cronos;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Batch;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.CloudNativePg;

/// <summary>
/// Plays the CloudNativePG operator (<c>postgresql.cnpg.io/v1</c>), one step per object per controller step:
/// <list type="bullet">
/// <item>A new <c>Cluster</c> gets its <c>&lt;name&gt;-app</c> Secret and <c>-rw</c>/<c>-ro</c>/<c>-r</c> Services, then a healthy status.</item>
/// <item><c>Backup</c>: pending → started → running → completed (<c>startedAt</c>, <c>stoppedAt</c>, <c>backupId</c>,
/// <c>beginLSN</c>/<c>endLSN</c>, WALs) or failed (<c>error</c>) when the cluster does not exist or a fault says so.</item>
/// <item><c>ScheduledBackup</c>: 6-field cron (seconds first) on the cluster's clock; creates
/// <c>&lt;name&gt;-&lt;yyyyMMddHHmmss&gt;</c> Backups (at once when <c>immediate</c>), owner per <c>backupOwnerReference</c>,
/// <c>status.lastCheckTime</c>/<c>lastScheduleTime</c>/<c>nextScheduleTime</c>; <c>suspend</c> stops it.</item>
/// </list>
/// Backups owned by a deleted ScheduledBackup or Cluster are garbage-collected.
/// </summary>
internal sealed class CnpgReconciler(SimulatorContext sim)
{
    public const string ApiVersion = "postgresql.cnpg.io/v1";

    public void Step()
    {
        var clusterDef = sim.Definition(ApiVersion, "Cluster");
        var backupDef = sim.Definition(ApiVersion, "Backup");
        var scheduledDef = sim.Definition(ApiVersion, "ScheduledBackup");
        if (clusterDef is not null) ReconcileClusters(clusterDef);
        if (clusterDef is not null && backupDef is not null && scheduledDef is not null)
        {
            CollectOrphans(clusterDef, backupDef, scheduledDef);
            foreach (var sb in sim.Store.List(scheduledDef, null).Items) ReconcileScheduled(scheduledDef, backupDef, clusterDef, sb);
        }
        if (clusterDef is not null && backupDef is not null)
        {
            foreach (var backup in sim.Store.List(backupDef, null).Items) ReconcileBackup(backupDef, clusterDef, backup);
        }
    }

    public static CronExpression? ParseSchedule(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var t = text.Trim();
            return t.StartsWith('@') ? CronExpression.Parse(t) : CronExpression.Parse(t, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    // ---- Cluster ----

    private void ReconcileClusters(ResourceDefinition def)
    {
        foreach (var cluster in sim.Store.List(def, null).Items.Where(c => c.AtPath("status.phase") is null))
        {
            var ns = JsonHelpers.NamespaceOf(cluster)!;
            var name = JsonHelpers.NameOf(cluster)!;
            foreach (var dependent in Dependents(cluster)) CreateIfMissing(dependent);
            sim.Store.Mutate(def, ns, name, o =>
            {
                o["status"] = HealthyStatus(o, sim.Store.Time.GetUtcNow());
                return true;
            });
        }
    }

    /// <summary>The status a healthy cluster reports (also used by the demo seed).</summary>
    public static JsonObject HealthyStatus(JsonObject cluster, DateTimeOffset now)
    {
        var name = JsonHelpers.NameOf(cluster)!;
        var instances = (int)(cluster.AtPath("spec.instances").Long() ?? 1);
        var names = Enumerable.Range(1, instances).Select(i => (JsonNode)$"{name}-{i}").ToArray();
        return new JsonObject
        {
            ["phase"] = "Cluster in healthy state",
            ["instances"] = instances,
            ["readyInstances"] = instances,
            ["instanceNames"] = new JsonArray(names),
            ["currentPrimary"] = $"{name}-1",
            ["targetPrimary"] = $"{name}-1",
            ["currentPrimaryTimestamp"] = Timestamp(now),
            ["writeService"] = $"{name}-rw",
            ["readService"] = $"{name}-r",
            ["image"] = cluster.AtPath("spec.imageName").ScalarText() ?? "ghcr.io/cloudnative-pg/postgresql:16.4",
            ["timelineID"] = 1,
            ["latestGeneratedNode"] = instances,
            ["pvcCount"] = instances,
            ["healthyPVC"] = new JsonArray(names.Select(n => n!.DeepClone()).ToArray()),
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready", ["status"] = "True", ["reason"] = "ClusterIsReady",
                ["message"] = "Cluster is Ready", ["lastTransitionTime"] = Timestamp(now),
            }),
        };
    }

    /// <summary>What the operator creates beside a Cluster: the application Secret and the three Services.</summary>
    public static IEnumerable<JsonObject> Dependents(JsonObject cluster)
    {
        var ns = JsonHelpers.NamespaceOf(cluster)!;
        var name = JsonHelpers.NameOf(cluster)!;
        var owner = BatchObjects.OwnerReference(cluster, ApiVersion, "Cluster");
        var database = cluster.AtPath("spec.bootstrap.initdb.database").ScalarText() ?? "app";
        var user = cluster.AtPath("spec.bootstrap.initdb.owner").ScalarText() ?? database;
        var password = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(ns + "/" + name)))[..24].Replace('/', 'x').Replace('+', 'y');
        var host = $"{name}-rw";
        var data = new Dictionary<string, string>
        {
            ["username"] = user,
            ["user"] = user,
            ["password"] = password,
            ["host"] = host,
            ["port"] = "5432",
            ["dbname"] = database,
            ["uri"] = $"postgresql://{user}:{password}@{host}.{ns}:5432/{database}",
            ["jdbc-uri"] = $"jdbc:postgresql://{host}.{ns}:5432/{database}?password={password}&user={user}",
            ["pgpass"] = $"{host}:5432:{database}:{user}:{password}\n",
        };
        yield return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}-app",
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["cnpg.io/cluster"] = name, ["cnpg.io/reload"] = "true", ["cnpg.io/userType"] = "app" },
                ["ownerReferences"] = new JsonArray(owner.DeepClone()),
            },
            ["type"] = "kubernetes.io/basic-auth",
            ["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(kv.Value))))),
        };
        foreach (var (suffix, role) in new[] { ("rw", "primary"), ("ro", "replica"), ("r", (string?)null) })
        {
            var selector = new JsonObject { ["cnpg.io/cluster"] = name };
            if (role is not null) selector["cnpg.io/instanceRole"] = role;
            var ip = $"10.96.{Random.Shared.Next(1, 254)}.{Random.Shared.Next(1, 254)}";
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Service",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"{name}-{suffix}",
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject { ["cnpg.io/cluster"] = name, ["cnpg.io/isManaged"] = "true" },
                    ["ownerReferences"] = new JsonArray(owner.DeepClone()),
                },
                ["spec"] = new JsonObject
                {
                    ["type"] = "ClusterIP",
                    ["clusterIP"] = ip,
                    ["clusterIPs"] = new JsonArray(ip),
                    ["selector"] = selector,
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "postgres", ["port"] = 5432, ["targetPort"] = 5432, ["protocol"] = "TCP" }),
                },
            };
        }
    }

    private void CreateIfMissing(JsonObject obj)
    {
        var def = sim.Definition(obj.StringProperty("apiVersion")!, obj.StringProperty("kind")!)!;
        if (sim.Store.Get(def, JsonHelpers.NamespaceOf(obj), JsonHelpers.NameOf(obj)!) is not null) return;
        try
        {
            sim.Store.Create(def, obj);
        }
        catch (ApiException)
        {
            // created meanwhile, or the namespace is going away
        }
    }

    // ---- Backup ----

    private void ReconcileBackup(ResourceDefinition def, ResourceDefinition clusterDef, JsonObject backup)
    {
        var ns = JsonHelpers.NamespaceOf(backup)!;
        var name = JsonHelpers.NameOf(backup)!;
        var now = sim.Store.Time.GetUtcNow();
        var clusterName = backup.AtPath("spec.cluster.name").ScalarText() ?? "";
        var method = backup.AtPath("spec.method").ScalarText() ?? "barmanObjectStore";
        switch (backup.AtPath("status.phase").ScalarText() ?? "")
        {
            case "":
                var cluster = sim.Store.Get(clusterDef, ns, clusterName);
                if (cluster is null)
                {
                    Fail(def, ns, name, $"while getting cluster {clusterName}: clusters.postgresql.cnpg.io \"{clusterName}\" not found", now);
                    return;
                }
                SetStatus(def, ns, name, s =>
                {
                    s["phase"] = "pending";
                    s["method"] = method;
                    s["reconciliationStartedAt"] = Timestamp(now);
                });
                return;
            case "pending":
                SetStatus(def, ns, name, s =>
                {
                    s["phase"] = "started";
                    s["startedAt"] = Timestamp(now);
                    s["backupId"] = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
                    s["instanceID"] = new JsonObject { ["podName"] = $"{clusterName}-1", ["ContainerID"] = "containerd://" + Guid.NewGuid().ToString("N") };
                    s["serverName"] = clusterName;
                    s["online"] = backup.AtPath("spec.online") is JsonValue ov && ov.TryGetValue<bool>(out var online) ? online : true;
                });
                return;
            case "started":
                var lsn = Lsn(name, 0);
                SetStatus(def, ns, name, s =>
                {
                    s["phase"] = "running";
                    s["beginWal"] = Wal(name, 0);
                    s["beginLSN"] = lsn;
                });
                return;
            case "running":
                var fault = sim.Faults.TakeOutcome("cnpg.Backup", name);
                if (fault is not null)
                {
                    Fail(def, ns, name, fault.FailureReason ?? "simulated failure", now);
                    return;
                }
                SetStatus(def, ns, name, s =>
                {
                    s["phase"] = "completed";
                    s["stoppedAt"] = Timestamp(now);
                    s["endWal"] = Wal(name, 1);
                    s["endLSN"] = Lsn(name, 1);
                    s["majorVersion"] = 16;
                    s["reconciliationTerminatedAt"] = Timestamp(now);
                    if (method == "volumeSnapshot")
                    {
                        s["snapshotBackupStatus"] = new JsonObject
                        {
                            ["elements"] = new JsonArray(new JsonObject { ["name"] = $"{name}-{clusterName}-1", ["type"] = "PG_DATA" }),
                        };
                    }
                    else if (method == "barmanObjectStore")
                    {
                        s["backupName"] = $"backup-{s.StringProperty("backupId")}";
                        s["destinationPath"] = $"s3://cnpg-backups/{ns}/{clusterName}/";
                    }
                });
                MarkClusterBackup(clusterDef, ns, clusterName, now, failed: false);
                return;
        }
    }

    private void Fail(ResourceDefinition def, string ns, string name, string error, DateTimeOffset now)
    {
        SetStatus(def, ns, name, s =>
        {
            s["phase"] = "failed";
            s["error"] = error;
            s["stoppedAt"] ??= Timestamp(now);
            s["reconciliationTerminatedAt"] = Timestamp(now);
        });
    }

    private void MarkClusterBackup(ResourceDefinition clusterDef, string ns, string clusterName, DateTimeOffset now, bool failed)
    {
        sim.Store.Mutate(clusterDef, ns, clusterName, o =>
        {
            var s = BatchObjects.Status(o);
            s[failed ? "lastFailedBackup" : "lastSuccessfulBackup"] = Timestamp(now);
            if (!failed) s["firstRecoverabilityPoint"] ??= Timestamp(now);
            return true;
        });
    }

    // ---- ScheduledBackup ----

    private void ReconcileScheduled(ResourceDefinition def, ResourceDefinition backupDef, ResourceDefinition clusterDef, JsonObject sb)
    {
        var ns = JsonHelpers.NamespaceOf(sb)!;
        var name = JsonHelpers.NameOf(sb)!;
        var now = sim.Store.Time.GetUtcNow();
        var cron = ParseSchedule(sb.AtPath("spec.schedule").ScalarText());
        if (cron is null)
        {
            SetStatus(def, ns, name, s => s["error"] = $"invalid schedule \"{sb.AtPath("spec.schedule").ScalarText()}\": expected 6 fields (seconds first)");
            return;
        }
        if (sb.AtPath("spec.suspend").ScalarText() == "true") return;

        var last = BatchObjects.Time(sb.AtPath("status.lastScheduleTime").ScalarText());
        var lastCheck = BatchObjects.Time(sb.AtPath("status.lastCheckTime").ScalarText());
        DateTimeOffset? runAt = null;
        if (last is null && lastCheck is null)
        {
            if (sb.AtPath("spec.immediate").ScalarText() == "true") runAt = now;
        }
        else
        {
            var from = last ?? lastCheck!.Value;
            var due = cron.GetOccurrences(from, now, TimeZoneInfo.Utc, fromInclusive: false, toInclusive: true).Select(t => (DateTimeOffset?)t).LastOrDefault();
            runAt = due;
        }
        if (runAt is { } at) CreateBackup(backupDef, clusterDef, sb, at, immediate: last is null && lastCheck is null);
        var next = cron.GetNextOccurrence(runAt ?? now, TimeZoneInfo.Utc);
        SetStatus(def, ns, name, s =>
        {
            s["lastCheckTime"] = Timestamp(now);
            if (runAt is { } t) s["lastScheduleTime"] = Timestamp(t);
            if (next is { } n) s["nextScheduleTime"] = Timestamp(n);
            s.Remove("error");
        });
    }

    private void CreateBackup(ResourceDefinition backupDef, ResourceDefinition clusterDef, JsonObject sb, DateTimeOffset at, bool immediate)
    {
        var ns = JsonHelpers.NamespaceOf(sb)!;
        var sbName = JsonHelpers.NameOf(sb)!;
        var name = $"{sbName}-{at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
        if (sim.Store.Get(backupDef, ns, name) is not null) return;
        var clusterName = sb.AtPath("spec.cluster.name").ScalarText() ?? "";
        var spec = new JsonObject { ["cluster"] = new JsonObject { ["name"] = clusterName } };
        foreach (var key in new[] { "method", "target", "online", "onlineConfiguration", "pluginConfiguration" })
        {
            if (sb.AtPath("spec." + key) is { } v) spec[key] = v.DeepClone();
        }
        var meta = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { ["cnpg.io/cluster"] = clusterName, ["cnpg.io/scheduled-backup"] = sbName },
        };
        if (immediate) meta["annotations"] = new JsonObject { ["cnpg.io/immediateBackup"] = "true" };
        switch (sb.AtPath("spec.backupOwnerReference").ScalarText() ?? "none")
        {
            case "self":
                meta["ownerReferences"] = new JsonArray(BatchObjects.OwnerReference(sb, CnpgReconciler.ApiVersion, "ScheduledBackup"));
                break;
            case "cluster" when sim.Store.Get(clusterDef, ns, clusterName) is { } cluster:
                meta["ownerReferences"] = new JsonArray(BatchObjects.OwnerReference(cluster, CnpgReconciler.ApiVersion, "Cluster"));
                break;
        }
        try
        {
            sim.Store.Create(backupDef, new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = "Backup", ["metadata"] = meta, ["spec"] = spec });
        }
        catch (ApiException)
        {
            // namespace going away
        }
    }

    private void CollectOrphans(ResourceDefinition clusterDef, ResourceDefinition backupDef, ResourceDefinition scheduledDef)
    {
        var owners = sim.Store.List(clusterDef, null).Items.Concat(sim.Store.List(scheduledDef, null).Items)
            .Select(BatchObjects.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var backup in sim.Store.List(backupDef, null).Items)
        {
            var owner = BatchObjects.OwnerUid(backup, "ScheduledBackup") ?? BatchObjects.OwnerUid(backup, "Cluster");
            if (owner is null || owners.Contains(owner)) continue;
            try
            {
                sim.Store.Delete(backupDef, JsonHelpers.NamespaceOf(backup), JsonHelpers.NameOf(backup)!);
            }
            catch (ApiException)
            {
                // already gone
            }
        }
    }

    private void SetStatus(ResourceDefinition def, string ns, string name, Action<JsonObject> change) =>
        sim.Store.Mutate(def, ns, name, o =>
        {
            change(BatchObjects.Status(o));
            return true;
        });

    private static string Timestamp(DateTimeOffset t) => JsonHelpers.Timestamp(t);

    private static ulong Hash(string s) => BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(s)), 0);

    private static string Lsn(string name, int offset)
    {
        var h = Hash(name);
        return $"{(h >> 40) % 16 + (ulong)offset:X}/{(h % 0xFFFFFF) * 0x100 + (ulong)offset * 0x138:X}";
    }

    private static string Wal(string name, int offset) => $"00000001{(Hash(name) >> 40) % 16:X8}{(Hash(name) % 200) + (ulong)offset:X8}";
}
