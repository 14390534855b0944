using k8s;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>The two demo sites of the migration demo, and that everything seeded is what a real API server accepts.</summary>
public sealed class DemoSeedTests
{
    /// <summary>Every object of every kind the cluster stores.</summary>
    private static IEnumerable<(ResourceDefinition Definition, JsonObject Object)> Everything(SimulatedCluster cluster) =>
        cluster.Catalog.Definitions.GroupBy(d => d.StoreKey).Select(g => g.OrderByDescending(d => d.Version == "v1").First())
            .SelectMany(d => cluster.Store.List(d.ApiVersion, d.Kind).Select(o => (d, o)));

    [CrdsTheory]
    [InlineData("prod-east")]
    [InlineData("dr-west")]
    public async Task Seed_RealSchemas_EveryObjectValidatesStrictly(string name)
    {
        // the seed itself refuses invalid objects (the start would throw); this also covers what the controllers wrote
        await using var cluster = await TestCluster.StartAsync(name: name, crds: SharedCrds.Directory);
        await ControllerPasses.WaitAsync(cluster); // the controllers have written their first statuses
        var catalog = CrdCatalog.CreateDefault(SharedCrds.Directory!);

        var all = Everything(cluster).ToList();
        var errors = all.SelectMany(x => catalog.Validate(x.Definition.ApiVersion, x.Definition.Kind, x.Object, strict: true)
            .Select(e => $"{x.Definition.Kind} {x.Object["metadata"]?["namespace"]}/{x.Object["metadata"]?["name"]}: {e}")).ToList();

        Assert.Empty(errors);
        Assert.Contains(all, x => x.Definition.Kind == "AppProject" && x.Definition.Schema is not null);
        Assert.Contains(all, x => x.Definition.Kind == "PersistentVolume" && x.Definition.Schema is not null);
    }

    [CrdsFact]
    public async Task ControllerWrites_RealSchemas_Validate()
    {
        // what the controllers write beyond the seed: a provisioning failure (condition + Event), a synced backup, scale-downs
        await using var cluster = await TestCluster.StartAsync(name: "dr-west", crds: SharedCrds.Directory);
        using var client = Kube.Connect(cluster);
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Kube.Claim("ledger", "fast-ssd"), "default");
        await client.AppsV1.CreateNamespacedDeploymentAsync(Kube.Deployment("api", 2, claim: "ledger"), "default");
        await Eventually.UntilAsync(async () => (await client.CoreV1.ListNamespacedEventAsync("default")).Items,
            events => events.Count > 0, "provisioning failure event");
        var catalog = CrdCatalog.CreateDefault(SharedCrds.Directory!);

        var errors = Everything(cluster).SelectMany(x => catalog.Validate(x.Definition.ApiVersion, x.Definition.Kind, x.Object, strict: true)
            .Select(e => $"{x.Definition.Kind} {x.Object["metadata"]?["namespace"]}/{x.Object["metadata"]?["name"]}: {e}")).ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public async Task PrimarySite_MigrationApps_SettledAtStart()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east", stepMs: 600_000);
        var store = cluster.Store;

        Assert.NotNull(store.Get("networking.k8s.io/v1", "Ingress", "catalog", "catalog-api")!["status"]!["loadBalancer"]!["ingress"]);
        Assert.Equal("Bound", Objects.Phase(store.Get("v1", "PersistentVolumeClaim", "reports", "data-report-store-0")));
        Assert.Equal("Bound", Objects.Phase(store.Get("v1", "PersistentVolumeClaim", "reports", "data-report-store-1")));
        var archive = store.Get("v1", "PersistentVolumeClaim", "reports", "report-archive")!;
        Assert.Equal(("Bound", "standard"), (Objects.Phase(archive), (string?)archive["spec"]!["storageClassName"]));
        Assert.Equal(2, (long?)store.Get("apps/v1", "StatefulSet", "reports", "report-store")!["status"]!["readyReplicas"]);
        var app = store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.Equal(("Synced", "Healthy"), ((string?)app["status"]!["sync"]!["status"], (string?)app["status"]!["health"]!["status"]));
        var web = store.Get("apps/v1", "Deployment", "storefront", "web")!;
        Assert.Equal("storefront:apps/Deployment:storefront/web", (string?)web["metadata"]!["annotations"]!["argocd.argoproj.io/tracking-id"]);
        Assert.Equal("storefront", (string?)web["metadata"]!["labels"]!["app.kubernetes.io/instance"]);
        Assert.NotNull(store.Get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory")!["status"]!["lastAppliedRevision"]);
        Assert.All(store.List("v1", "PersistentVolumeClaim"), c => Assert.NotNull(store.Get("v1", "PersistentVolume", null, (string)c["spec"]!["volumeName"]!)));
    }

    [Theory]
    [InlineData("prod-east")]
    [InlineData("dr-west")]
    public async Task WebshopsLedger_MountsItsClaim_SoItCanBeSnapshottedAndRolledBack(string name)
    {
        await using var cluster = await TestCluster.StartAsync(name: name, stepMs: 600_000);

        var ledger = cluster.Store.Get("apps/v1", "Deployment", "shop-payments", "ledger")!;
        var volume = ledger["spec"]!["template"]!["spec"]!["volumes"]![0]!;
        Assert.Equal("ledger-data", (string?)volume["persistentVolumeClaim"]!["claimName"]);
        Assert.Equal("/var/lib/ledger", (string?)ledger["spec"]!["template"]!["spec"]!["containers"]![0]!["volumeMounts"]![0]!["mountPath"]);
        Assert.Null(cluster.Store.Get("apps/v1", "Deployment", "shop-payments", "payments-api")!["spec"]!["template"]!["spec"]!["volumes"]);
    }

    [Fact]
    public async Task RecoverySite_OwnClassesGitOpsAndPrimaryBucket()
    {
        await using var cluster = await TestCluster.StartAsync(name: "dr-west", stepMs: 600_000);
        var store = cluster.Store;

        Assert.Equal(["premium-ssd", "shared-files", "standard"], store.List("storage.k8s.io/v1", "StorageClass").Select(c => (string)c["metadata"]!["name"]!).Order().ToArray());
        Assert.Equal(["nginx"], store.List("networking.k8s.io/v1", "IngressClass").Select(c => (string)c["metadata"]!["name"]!).ToArray());
        Assert.NotNull(store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, "csi-aws-vsc"));
        Assert.Null(cluster.Catalog.Find("groupsnapshot.storage.k8s.io/v1", "VolumeGroupSnapshot")); // group snapshots only on the primary
        var primary = store.Get("velero.io/v1", "BackupStorageLocation", "velero", "prod-east")!;
        Assert.Equal(("velero-prod-east", "backups", "ReadOnly"),
            ((string?)primary["spec"]!["objectStorage"]!["bucket"], (string?)primary["spec"]!["objectStorage"]!["prefix"], (string?)primary["spec"]!["accessMode"]));
        Assert.Equal("velero-dr-west", (string?)store.Get("velero.io/v1", "BackupStorageLocation", "velero", "default")!["spec"]!["objectStorage"]!["bucket"]);
        Assert.NotNull(store.Get("argoproj.io/v1alpha1", "AppProject", "argocd", "default"));
        Assert.NotNull(store.Get("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "fleet"));
        Assert.Null(store.Get("v1", "Namespace", null, "catalog")); // the apps to migrate are only on the primary
        Assert.Equal("premium-ssd", (string?)store.Get("v1", "PersistentVolumeClaim", "shop-payments", "ledger-data")!["spec"]!["storageClassName"]);
        Assert.NotNull(store.Get("v1", "Namespace", null, "shop-frontend"));
    }

    [CrdsFact]
    public async Task PrimarySite_CsiSnapshots_CapableAndIncapableClasses_EverythingWrittenValidatesAgainstTheRealCrds()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east", crds: SharedCrds.Directory);
        using var client = Kube.Connect(cluster);
        var store = cluster.Store;
        JsonObject Snapshot(string ns, string name, string claim) => new()
        {
            ["apiVersion"] = "snapshot.storage.k8s.io/v1", ["kind"] = "VolumeSnapshot",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = claim } },
        };
        async Task<JsonNode?> Get(string ns, string name) =>
            await Kube.GetCustomAsync(client, "snapshot.storage.k8s.io", "v1", ns, "volumesnapshots", name);

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Snapshot("shop-payments", "ledger-now", "ledger-data"), "snapshot.storage.k8s.io", "v1", "shop-payments", "volumesnapshots");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Snapshot("analytics", "dashboards-now", "shared-dashboards"), "snapshot.storage.k8s.io", "v1", "analytics", "volumesnapshots");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Snapshot("analytics", "legacy-now", "legacy-exports"), "snapshot.storage.k8s.io", "v1", "analytics", "volumesnapshots");
        var group = new JsonObject
        {
            ["apiVersion"] = "groupsnapshot.storage.k8s.io/v1", ["kind"] = "VolumeGroupSnapshot",
            ["metadata"] = new JsonObject { ["name"] = "billing-consistent", ["namespace"] = "billing-api" },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["selector"] = new JsonObject() } },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(group, "groupsnapshot.storage.k8s.io", "v1", "billing-api", "volumegroupsnapshots");
        var ledger = await Eventually.UntilAsync(() => Get("shop-payments", "ledger-now"), s => (bool?)s["status"]?["readyToUse"] == true, "ledger snapshot ready");
        var dashboards = await Eventually.UntilAsync(() => Get("analytics", "dashboards-now"), s => s["status"]?["error"] is not null, "efs snapshot refused");
        var legacy = await Eventually.UntilAsync(() => Get("analytics", "legacy-now"), s => s["status"]?["error"] is not null, "nfs snapshot refused");
        var billing = await Eventually.UntilAsync(() => Kube.GetCustomAsync(client, "groupsnapshot.storage.k8s.io", "v1", "billing-api", "volumegroupsnapshots", "billing-consistent"),
            g => (bool?)g["status"]?["readyToUse"] == true, "group ready");
        var restore = Kube.Claim("ledger-restored", "fast-ssd", "20Gi");
        restore.Spec.DataSource = new k8s.Models.V1TypedLocalObjectReference { ApiGroup = "snapshot.storage.k8s.io", Kind = "VolumeSnapshot", Name = "ledger-now" };
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(restore, "shop-payments");
        await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("ledger-restored", "shop-payments"), c => c.Status?.Phase == "Bound", "restored");
        var catalog = CrdCatalog.CreateDefault(SharedCrds.Directory!);

        var errors = Everything(cluster).SelectMany(x => catalog.Validate(x.Definition.ApiVersion, x.Definition.Kind, x.Object, strict: true)
            .Select(e => $"{x.Definition.Kind} {x.Object["metadata"]?["namespace"]}/{x.Object["metadata"]?["name"]}: {e}")).ToList();

        Assert.Empty(errors);
        Assert.Equal("csi-aws-vsc", (string?)ledger!["spec"]!["volumeSnapshotClassName"]);
        Assert.Equal("20Gi", (string?)ledger["status"]!["restoreSize"]);
        Assert.Equal("Failed to set default snapshot class with error cannot find default snapshot class", (string?)dashboards!["status"]!["error"]!["message"]);
        Assert.Equal("Failed to set default snapshot class with error snapshotting non-CSI volumes is not supported, snapshot:analytics/legacy-now",
            (string?)legacy!["status"]!["error"]!["message"]);
        Assert.Equal("csi-aws-vgsc", (string?)billing!["spec"]!["volumeGroupSnapshotClassName"]);
        Assert.Equal(2, store.List("snapshot.storage.k8s.io/v1", "VolumeSnapshot", "billing-api").Count); // invoices and billing-db
        var velero = Assert.Single(store.List("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass"), c => c["metadata"]?["labels"]?["velero.io/csi-volumesnapshot-class"] is not null);
        Assert.Equal("csi-aws-vsc", (string?)velero["metadata"]!["name"]);
        Assert.DoesNotContain(store.List("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass"), c => (string?)c["driver"] == "efs.csi.aws.com");
    }
}
