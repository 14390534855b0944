using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Store;
using Portal.ClusterSimulator.Velero;

namespace Portal.ClusterSimulator.Demo;

/// <summary>
/// A believable small production cluster: Velero installed in "velero" with a default storage and snapshot
/// location, four application namespaces (plus one named after the cluster), two completed backups made by the
/// "daily" Schedule before the portal ever looked at the cluster, Argo CD and Flux (<see cref="GitOpsSeed"/>), and
/// on the primary site the apps of the migration demo (<see cref="MigrationSeed"/>). Storage, ingress and snapshot
/// classes come from <see cref="ClassSeed"/>; the DR site (<see cref="DemoSites"/>) names its fast class differently
/// and reads the primary's Velero bucket. Only what the cluster serves is seeded.
/// </summary>
internal static class DemoSeed
{
    private static readonly string[] DailyNamespaces = ["shop-frontend", "shop-payments", "billing-api"];

    /// <summary>Namespaces every cluster has, demo or not.</summary>
    public static void SeedSystemNamespaces(SimulatorStore store)
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Add(store, DemoObjects.Namespace(ns, new() { ["kubernetes.io/metadata.name"] = ns }));
        }
    }

    public static void Seed(SimulatorContext sim, BackupSnapshots snapshots)
    {
        var store = sim.Store;
        var site = DemoSites.Of(sim.Options);
        string Class(string primaryClass) => DemoSites.StorageClass(site, primaryClass);
        var velero = sim.Definition("velero.io/v1", "Backup") is not null;
        if (velero) SeedVelero(store, sim.Options.ClusterName, site);
        SeedApp(store, "shop-frontend", new() { ["team"] = "shop", ["tier"] = "frontend", ["backup"] = "daily" },
            [("storefront", "nginx:1.27", 3), ("cart", "ghcr.io/acme/cart:2.4.1", 2)], [("media", "5Gi", Class("standard"))]);
        SeedApp(store, "shop-payments", new() { ["team"] = "shop", ["tier"] = "backend", ["backup"] = "daily", ["compliance"] = "pci" },
            [("payments-api", "ghcr.io/acme/payments:5.0.2", 2), ("ledger", "ghcr.io/acme/ledger:1.9.0", 1)], [("ledger-data", "20Gi", Class("fast-ssd"))],
            mounts: [("ledger", "ledger-data", "/var/lib/ledger")]); // a Webshop workload with its data: "snapshot now" for it, fast rollback
        SeedApp(store, "billing-api", new() { ["team"] = "billing", ["backup"] = "daily" },
            [("billing", "ghcr.io/acme/billing:3.2.0", 2)], [("invoices", "10Gi", Class("standard")), ("billing-db", "50Gi", Class("fast-ssd"))]);
        SeedApp(store, "analytics", new() { ["team"] = "data" },
            [("etl-runner", "ghcr.io/acme/etl:0.9.3", 1), ("dashboards", "grafana/grafana:11.2.0", 1)], [("warehouse", "100Gi", Class("fast-ssd")), ("shared-dashboards", "2Gi", "shared-files")]);
        // the one namespace that differs per cluster, so two registered clusters are told apart at a glance
        var own = ClusterNamespace(sim.Options.ClusterName);
        SeedApp(store, own, new() { ["team"] = "platform", ["cluster"] = own["team-".Length..] },
            [("ops-toolbox", "ghcr.io/acme/toolbox:1.0.0", 1)], []);
        SeedDatabases(sim, Class("fast-ssd"));
        if (velero) SeedScheduledBackups(sim, snapshots);
        GitOpsSeed.Seed(sim);
        if (site == DemoSite.Primary) MigrationSeed.Seed(sim);
        SeedInTreeVolume(sim);
        SeedVolumes(sim);
    }

    /// <summary>
    /// A volume no CSI driver manages (an in-tree NFS export, statically provisioned, no storage class): its claim
    /// <c>analytics/legacy-exports</c> cannot be snapshotted (the snapshot-controller refuses non-CSI volumes).
    /// </summary>
    private static void SeedInTreeVolume(SimulatorContext sim)
    {
        const string ns = "analytics", claimName = "legacy-exports", volumeName = "nfs-legacy-exports";
        var claim = DemoObjects.BoundClaim(ns, claimName, "50Gi", "");
        claim["spec"]!["volumeName"] = volumeName;
        claim["spec"]!["accessModes"] = new JsonArray("ReadWriteMany");
        claim["status"]!["accessModes"] = new JsonArray("ReadWriteMany");
        Add(sim.Store, claim);
        var stored = sim.Store.Get("v1", "PersistentVolumeClaim", ns, claimName)!;
        Add(sim.Store, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolume",
            ["metadata"] = new JsonObject { ["name"] = volumeName },
            ["spec"] = new JsonObject
            {
                ["accessModes"] = new JsonArray("ReadWriteMany"),
                ["capacity"] = new JsonObject { ["storage"] = "50Gi" },
                ["claimRef"] = Workloads.PersistentVolumes.ClaimRef(stored),
                ["persistentVolumeReclaimPolicy"] = "Retain",
                ["storageClassName"] = "",
                ["volumeMode"] = "Filesystem",
                ["nfs"] = new JsonObject { ["server"] = "10.0.12.5", ["path"] = "/exports/analytics" },
            },
            ["status"] = new JsonObject { ["phase"] = "Bound" },
        });
    }

    /// <summary>
    /// Database candidates for the portal's discovery: a CloudNativePG Cluster <c>shop-db</c> (with the Secret and
    /// Services the operator creates), a MySQL StatefulSet in billing-api and a PostgreSQL Deployment in analytics.
    /// </summary>
    private static void SeedDatabases(SimulatorContext sim, string fastClass)
    {
        var store = sim.Store;
        if (sim.Definition(CloudNativePg.CnpgReconciler.ApiVersion, "Cluster") is not null)
        {
            var cluster = new JsonObject
            {
                ["apiVersion"] = CloudNativePg.CnpgReconciler.ApiVersion,
                ["kind"] = "Cluster",
                ["metadata"] = new JsonObject { ["name"] = "shop-db", ["namespace"] = "shop-payments" },
                ["spec"] = new JsonObject
                {
                    ["instances"] = 1,
                    ["imageName"] = "ghcr.io/cloudnative-pg/postgresql:16.4",
                    ["primaryUpdateStrategy"] = "unsupervised",
                    ["storage"] = new JsonObject { ["size"] = "10Gi", ["storageClass"] = fastClass },
                    ["bootstrap"] = new JsonObject { ["initdb"] = new JsonObject { ["database"] = "app", ["owner"] = "app" } },
                },
            };
            Add(store, cluster);
            var stored = store.Get(CloudNativePg.CnpgReconciler.ApiVersion, "Cluster", "shop-payments", "shop-db")!;
            stored["status"] = CloudNativePg.CnpgReconciler.HealthyStatus(stored, DateTimeOffset.UtcNow.AddDays(-30));
            store.Put(stored);
            foreach (var dependent in CloudNativePg.CnpgReconciler.Dependents(stored)) Add(store, dependent);
            Add(store, DemoObjects.BoundClaim("shop-payments", "shop-db-1", "10Gi", fastClass));
        }

        // a plain MySQL StatefulSet with its Service and root password Secret
        var mysql = DemoObjects.Deployment("billing-api", "billing-mysql", "mysql:8.4", 1);
        mysql["kind"] = "StatefulSet";
        mysql["spec"]!["serviceName"] = "billing-mysql";
        var mysqlContainer = mysql["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        mysqlContainer["ports"] = new JsonArray(new JsonObject { ["name"] = "mysql", ["containerPort"] = 3306 });
        mysqlContainer["env"] = new JsonArray(
            SecretEnv("MYSQL_ROOT_PASSWORD", "billing-mysql", "MYSQL_ROOT_PASSWORD"),
            new JsonObject { ["name"] = "MYSQL_DATABASE", ["value"] = "billing" });
        Add(store, mysql);
        Add(store, DatabaseService("billing-api", "billing-mysql", "mysql", 3306));
        Add(store, DemoObjects.Secret("billing-api", "billing-mysql", new()
        {
            ["MYSQL_ROOT_PASSWORD"] = "r00t-billing", ["MYSQL_DATABASE"] = "billing", ["MYSQL_USER"] = "billing-dumper", ["MYSQL_PASSWORD"] = "dump-billing",
        }));

        // a PostgreSQL Deployment nobody turned into an operator-managed cluster
        var pg = DemoObjects.Deployment("analytics", "warehouse-pg", "postgres:15", 1);
        var pgContainer = pg["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        pgContainer["ports"] = new JsonArray(new JsonObject { ["name"] = "postgres", ["containerPort"] = 5432 });
        pgContainer["env"] = new JsonArray(
            new JsonObject { ["name"] = "POSTGRES_USER", ["value"] = "warehouse" },
            SecretEnv("POSTGRES_PASSWORD", "warehouse-pg", "POSTGRES_PASSWORD"),
            new JsonObject { ["name"] = "POSTGRES_DB", ["value"] = "warehouse" });
        Add(store, pg);
        Add(store, DatabaseService("analytics", "warehouse-pg", "postgres", 5432));
        Add(store, DemoObjects.Secret("analytics", "warehouse-pg", new() { ["POSTGRES_USER"] = "warehouse", ["POSTGRES_PASSWORD"] = "wh-s3cr3t", ["POSTGRES_DB"] = "warehouse" }));
    }

    private static JsonObject SecretEnv(string name, string secret, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = secret, ["key"] = key } },
    };

    private static JsonObject DatabaseService(string ns, string name, string portName, int port)
    {
        var service = DemoObjects.Service(ns, name);
        service["spec"]!["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["port"] = port, ["targetPort"] = port, ["protocol"] = "TCP" });
        return service;
    }

    private static void SeedVelero(SimulatorStore store, string clusterName, DemoSite site)
    {
        Add(store, DemoObjects.Namespace("velero", new() { ["kubernetes.io/metadata.name"] = "velero", ["app.kubernetes.io/name"] = "velero" }));
        Add(store, DemoObjects.Deployment("velero", "velero", "velero/velero:v1.18.1", 1));
        Add(store, DemoObjects.ServiceAccount("velero", "velero"));
        Add(store, DemoObjects.Secret("velero", "cloud-credentials", new() { ["cloud"] = "[default]\naws_access_key_id=SIMULATED\naws_secret_access_key=SIMULATED\n" }));
        var region = clusterName.Contains("west", StringComparison.OrdinalIgnoreCase) ? "us-west-2" : "us-east-1";
        Add(store, StorageLocation("default", clusterName, region, isDefault: true, "ReadWrite"));
        if (site == DemoSite.Recovery)
        {
            // the DR site reads the production cluster's bucket: its backups sync here and can be restored
            Add(store, StorageLocation(DemoSites.PrimaryClusterName, DemoSites.PrimaryClusterName, "us-east-1", isDefault: false, "ReadOnly"));
        }
        Add(store, new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "VolumeSnapshotLocation",
            ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["provider"] = "aws", ["config"] = new JsonObject { ["region"] = region } },
            ["status"] = new JsonObject { ["phase"] = "Available" },
        });
    }

    /// <summary>A further, non-default location of a demo cluster, on a bucket of its own (<c>velero-&lt;cluster&gt;-&lt;name&gt;</c>).</summary>
    internal static void AddStorageLocation(SimulatorStore store, string name, string clusterName, string accessMode) =>
        Add(store, StorageLocation(name, $"{clusterName}-{name}", clusterName.Contains("west", StringComparison.OrdinalIgnoreCase) ? "us-west-2" : "us-east-1",
            isDefault: false, accessMode));

    private static JsonObject StorageLocation(string name, string bucketOf, string region, bool isDefault, string accessMode) => new()
    {
        ["apiVersion"] = "velero.io/v1",
        ["kind"] = "BackupStorageLocation",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
        ["spec"] = new JsonObject
        {
            ["provider"] = "aws",
            ["default"] = isDefault,
            ["accessMode"] = accessMode,
            ["objectStorage"] = new JsonObject { ["bucket"] = BucketOf(bucketOf), ["prefix"] = "backups" },
            ["config"] = new JsonObject { ["region"] = region },
            ["credential"] = new JsonObject { ["name"] = "cloud-credentials", ["key"] = "cloud" },
        },
        ["status"] = new JsonObject
        {
            ["phase"] = "Available",
            ["lastValidationTime"] = JsonHelpers.Timestamp(DateTimeOffset.UtcNow),
        },
    };

    /// <summary>The Velero bucket of a demo cluster.</summary>
    public static string BucketOf(string clusterName) => $"velero-{Sanitize(clusterName)}";

    /// <summary>Every Bound demo claim has its PersistentVolume, as the provisioner made it.</summary>
    private static void SeedVolumes(SimulatorContext sim)
    {
        var classes = sim.Definition("storage.k8s.io/v1", "StorageClass") is { } classDef ? sim.Store.List(classDef, null).Items : [];
        var volumes = sim.Definition("v1", "PersistentVolume")!;
        foreach (var claim in sim.Store.List(sim.Definition("v1", "PersistentVolumeClaim")!, null).Items)
        {
            if (claim.AtPath("status.phase").ScalarText() != "Bound" || claim.AtPath("spec.volumeName").ScalarText() is not { } volumeName) continue;
            if (sim.Store.Get(volumes, null, volumeName) is not null) continue;
            var className = claim.AtPath("spec.storageClassName").ScalarText() ?? "standard";
            var storageClass = classes.FirstOrDefault(c => JsonHelpers.NameOf(c) == className);
            Add(sim.Store, Workloads.PersistentVolumes.Provisioned(claim, className, storageClass.StringProperty("provisioner") ?? "ebs.csi.aws.com",
                storageClass.StringProperty("reclaimPolicy") ?? "Delete", SeededAt));
        }
    }

    internal static void SeedApp(SimulatorStore store, string ns, Dictionary<string, string> labels,
        (string Name, string Image, int Replicas)[] apps, (string Name, string Size, string Class)[] volumes,
        (string Workload, string Claim, string MountPath)[]? mounts = null)
    {
        labels["kubernetes.io/metadata.name"] = ns;
        Add(store, DemoObjects.Namespace(ns, labels));
        Add(store, DemoObjects.ServiceAccount(ns, "default"));
        Add(store, DemoObjects.ConfigMap(ns, "kube-root-ca.crt", new() { ["ca.crt"] = "-----BEGIN CERTIFICATE-----\nSIMULATED\n-----END CERTIFICATE-----\n" }));
        foreach (var (name, image, replicas) in apps)
        {
            var deployment = DemoObjects.Deployment(ns, name, image, replicas);
            if (mounts?.FirstOrDefault(m => m.Workload == name) is { Claim: { } claim } mount) AppObjects.WithClaim(deployment, claim, mount.MountPath);
            Add(store, deployment);
            Add(store, DemoObjects.Service(ns, name));
            Add(store, DemoObjects.ConfigMap(ns, $"{name}-config", new() { ["LOG_LEVEL"] = "info", ["FEATURE_FLAGS"] = "checkout-v2" }));
        }
        Add(store, DemoObjects.Secret(ns, $"{ns}-credentials", new() { ["username"] = "app", ["password"] = "s3cr3t-" + ns }));
        foreach (var (name, size, storageClass) in volumes)
        {
            Add(store, DemoObjects.BoundClaim(ns, name, size, storageClass));
        }
    }

    private static void SeedScheduledBackups(SimulatorContext sim, BackupSnapshots snapshots)
    {
        var template = new JsonObject
        {
            ["includedNamespaces"] = new JsonArray(DailyNamespaces.Select(n => (JsonNode)n).ToArray()),
            ["storageLocation"] = "default",
            ["ttl"] = "720h0m0s",
            ["snapshotVolumes"] = true,
        };
        var today2am = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddHours(2), TimeSpan.Zero);
        var lastRun = today2am <= DateTimeOffset.UtcNow ? today2am : today2am.AddDays(-1);
        Add(sim.Store, new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Schedule",
            ["metadata"] = new JsonObject { ["name"] = "daily", ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["schedule"] = "0 2 * * *", ["template"] = template.DeepClone(), ["useOwnerReferencesInBackup"] = false },
            ["status"] = new JsonObject { ["phase"] = "Enabled", ["lastBackup"] = JsonHelpers.Timestamp(lastRun) },
        });

        var items = BackupScope.Collect(sim, template);
        var backupDef = sim.Definition("velero.io/v1", "Backup")!;
        foreach (var started in new[] { lastRun.AddDays(-1), lastRun })
        {
            var name = "daily-" + started.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var completed = started.AddMinutes(4).AddSeconds(17);
            Add(sim.Store, new JsonObject
            {
                ["apiVersion"] = "velero.io/v1",
                ["kind"] = "Backup",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["namespace"] = "velero",
                    ["creationTimestamp"] = JsonHelpers.Timestamp(started),
                    ["labels"] = new JsonObject { ["velero.io/schedule-name"] = "daily", ["velero.io/storage-location"] = "default" },
                },
                ["spec"] = template.DeepClone(),
                ["status"] = new JsonObject
                {
                    ["phase"] = "Completed",
                    ["version"] = 1,
                    ["formatVersion"] = "1.1.0",
                    ["startTimestamp"] = JsonHelpers.Timestamp(started),
                    ["completionTimestamp"] = JsonHelpers.Timestamp(completed),
                    ["expiration"] = JsonHelpers.Timestamp(started.AddHours(720)),
                    ["progress"] = new JsonObject { ["totalItems"] = items.Count, ["itemsBackedUp"] = items.Count },
                    ["volumeSnapshotsAttempted"] = 3,
                    ["volumeSnapshotsCompleted"] = 3,
                },
            });
            snapshots.Save("velero", name, items);
            BackupSync.Upload(sim, sim.Store.Get(backupDef, "velero", name)!, items);
        }
    }

    /// <summary>
    /// Stores a demo object, created weeks before "now" (the demo cluster has been running for a while). It must
    /// validate, strictly, against the schema the cluster serves for it (the real one when a CRD folder is given):
    /// the seed writes only what a real API server would accept.
    /// </summary>
    internal static void Add(SimulatorStore store, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = meta;
        meta["creationTimestamp"] ??= JsonHelpers.Timestamp(SeededAt);
        var errors = store.Catalog.Validate(obj.StringProperty("apiVersion") ?? "", obj.StringProperty("kind") ?? "", obj, strict: true);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"demo seed: {obj.StringProperty("kind")} {meta.StringProperty("namespace")}/{meta.StringProperty("name")} is invalid: {string.Join("; ", errors)}");
        }
        store.Seed(obj);
    }

    private static readonly DateTimeOffset SeededAt = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-41).AddHours(9).AddMinutes(17);

    private static string ClusterNamespace(string clusterName) => "team-" + Sanitize(clusterName);

    private static string Sanitize(string name)
    {
        var s = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return s.Length == 0 ? "sim" : s[..Math.Min(s.Length, 40)];
    }
}
