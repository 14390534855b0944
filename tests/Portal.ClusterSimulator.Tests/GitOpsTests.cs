using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>Argo CD Applications and Flux Kustomizations as the migration wave freezes and moves them.</summary>
public sealed class GitOpsTests
{
    private const string Argo = "argoproj.io";
    private const string Flux = "kustomize.toolkit.fluxcd.io";

    private static Task<JsonNode?> AppAsync(Kubernetes client, string name) => Kube.GetCustomAsync(client, Argo, "v1alpha1", "argocd", "applications", name);

    private static Task<JsonNode?> KustomizationAsync(Kubernetes client, string name) => Kube.GetCustomAsync(client, Flux, "v1", "flux-system", "kustomizations", name);

    private static string? At(JsonNode? node, string path) =>
        path.Split('.').Aggregate(node, (n, p) => n?[p]) is JsonValue v ? v.ToString() : null;

    private static JsonObject Application(string name, string ns, bool automated)
    {
        var app = JsonNode.Parse("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"@name@","namespace":"argocd"},
             "spec":{"project":"default",
               "source":{"repoURL":"https://git.example.com/team/@name@.git","path":"deploy","targetRevision":"main"},
               "destination":{"server":"https://kubernetes.default.svc","namespace":"@ns@"},
               "syncPolicy":{}}}
            """.Replace("@name@", name).Replace("@ns@", ns))!.AsObject();
        if (automated) app["spec"]!["syncPolicy"]!["automated"] = new JsonObject { ["prune"] = true };
        return app;
    }

    [CrdsFact]
    public async Task SeededStorefront_RealCrds_IsSyncedAndHealthyWithItsResources()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east", crds: SharedCrds.Directory);
        using var client = Kube.Connect(cluster);

        var app = await AppAsync(client, "storefront");

        Assert.Equal("Synced", At(app, "status.sync.status"));
        Assert.Equal("Healthy", At(app, "status.health.status"));
        Assert.Equal("Succeeded", At(app, "status.operationState.phase"));
        Assert.Equal("true", At(app, "status.operationState.operation.initiatedBy.automated"));
        var resources = app!["status"]!["resources"]!.AsArray().Select(r => $"{r!["kind"]}/{r["name"]}").ToList();
        Assert.Equal(["ConfigMap/web-config", "Service/web", "Deployment/web", "Ingress/web"], resources);
        Assert.Contains("ghcr.io/acme/storefront-web:4.2.0", app["status"]!["summary"]!["images"]!.AsArray().Select(i => (string?)i));
    }

    [Fact]
    public async Task CreateApplication_Automated_SyncsAndFollowsDeploymentHealth()
    {
        await using var cluster = await TestCluster.StartAsync(name: "dr-west");
        using var client = Kube.Connect(cluster);
        await Kube.CreateNamespaceAsync(client, "orders");

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Application("orders", "orders", automated: true), Argo, "v1alpha1", "argocd", "applications");
        var missing = await Eventually.UntilAsync(() => AppAsync(client, "orders"), a => At(a, "status.health.status") is not null, "app reconciled");
        await client.AppsV1.CreateNamespacedDeploymentAsync(Kube.Deployment("orders-api", 2), "orders");
        var progressing = await Eventually.UntilAsync(() => AppAsync(client, "orders"),
            a => At(a, "status.health.status") is "Progressing" or "Healthy", "app sees the deployment");
        var healthy = await Eventually.UntilAsync(() => AppAsync(client, "orders"), a => At(a, "status.health.status") == "Healthy", "app healthy");

        Assert.Equal(("OutOfSync", "Missing"), (At(missing, "status.sync.status"), At(missing, "status.health.status")));
        Assert.NotNull(At(progressing, "status.health.status"));
        Assert.Equal("Synced", At(healthy, "status.sync.status"));
        Assert.Matches("^[0-9a-f]{40}$", At(healthy, "status.sync.revision"));
        Assert.Equal("orders-api", At(healthy!["status"]!["resources"]![0], "name"));
    }

    [Fact]
    public async Task RemoveAutomatedSync_ThenScaleDown_StatusStaysAsItWas()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = Kube.Connect(cluster);
        var before = await AppAsync(client, "storefront");

        await Kube.MergePatchCustomAsync(client, Argo, "v1alpha1", "argocd", "applications", "storefront", """{"spec":{"syncPolicy":{"automated":null}}}""");
        await client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":0}}""", V1Patch.PatchType.MergePatch), "web", "storefront");
        await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("web", "storefront"),
            d => d.Status?.ObservedGeneration == d.Metadata.Generation, "scale-down observed");
        await ControllerPasses.WaitAsync(cluster); // a whole pass of Argo CD since: self-heal would have put the replicas back
        var after = await AppAsync(client, "storefront");
        var web = await client.AppsV1.ReadNamespacedDeploymentAsync("web", "storefront");

        Assert.Equal(0, web.Spec.Replicas); // nothing healed it back
        Assert.Equal(JsonNode.Parse(before!["status"]!.ToJsonString())!.ToJsonString(), after!["status"]!.ToJsonString());
    }

    [Fact]
    public async Task ScaleDown_WhileSelfHealing_ArgoPutsTheReplicasBack()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = Kube.Connect(cluster);

        await client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":0}}""", V1Patch.PatchType.MergePatch), "web", "storefront");
        var healed = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("web", "storefront"),
            d => d.Spec.Replicas == 3 && d.Status?.AvailableReplicas == 3, "self-heal");
        var app = await Eventually.UntilAsync(() => AppAsync(client, "storefront"),
            a => At(a, "status.health.status") == "Healthy" && At(a, "status.sync.status") == "Synced", "app healthy again");

        Assert.Equal(3, healed.Spec.Replicas);
        Assert.True(app!["status"]!["history"]!.AsArray().Count >= 2);
    }

    [Fact]
    public async Task DisableAutomatedSync_ManualSyncOperation_RecordedAndRemoved()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = Kube.Connect(cluster);

        await Kube.MergePatchCustomAsync(client, Argo, "v1alpha1", "argocd", "applications", "storefront",
            """{"spec":{"syncPolicy":{"automated":{"enabled":false}}}}""");
        await Kube.MergePatchCustomAsync(client, Argo, "v1alpha1", "argocd", "applications", "storefront",
            """{"operation":{"sync":{"revision":"main"},"initiatedBy":{"username":"priya"}}}""");
        var synced = await Eventually.UntilAsync(() => AppAsync(client, "storefront"), a => a!["operation"] is null, "manual sync handled");

        Assert.Equal("priya", At(synced, "status.operationState.operation.initiatedBy.username"));
        Assert.Equal("Succeeded", At(synced, "status.operationState.phase"));
        Assert.Equal("Synced", At(synced, "status.sync.status"));
    }

    [Fact]
    public async Task DeleteApplication_WithResourcesFinalizer_CascadesToItsResources()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = Kube.Connect(cluster);

        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(Argo, "v1alpha1", "argocd", "applications", "storefront");
        await Eventually.UntilAsync(async () => (await client.AppsV1.ListNamespacedDeploymentAsync("storefront")).Items,
            items => items.Count == 0, "cascade deletion");

        Assert.Null(cluster.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront"));
        Assert.Null(cluster.Store.Get("v1", "Service", "storefront", "web"));
        Assert.NotNull(cluster.Store.Get("v1", "ServiceAccount", "storefront", "default")); // not Argo's
    }

    [CrdsFact]
    public async Task SeededInventoryKustomization_RealCrds_ReadyWithRevisionAndInventory()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east", crds: SharedCrds.Directory);
        using var client = Kube.Connect(cluster);

        var ks = await KustomizationAsync(client, "inventory");
        var repo = await Kube.GetCustomAsync(client, "source.toolkit.fluxcd.io", "v1", "flux-system", "gitrepositories", "fleet");

        var ready = ks!["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!;
        Assert.Equal(("True", "ReconciliationSucceeded"), ((string?)ready["status"], (string?)ready["reason"]));
        Assert.Matches("^main@sha1:[0-9a-f]{40}$", At(ks, "status.lastAppliedRevision"));
        Assert.Equal(At(repo, "status.artifact.revision"), At(ks, "status.lastAppliedRevision"));
        Assert.Equal($"Applied revision: {At(ks, "status.lastAppliedRevision")}", (string?)ready["message"]);
        var ids = ks["status"]!["inventory"]!["entries"]!.AsArray().Select(e => (string?)e!["id"]).ToList();
        Assert.Contains("inventory_inventory-api_apps_Deployment", ids);
        Assert.Contains("inventory_inventory-api__Service", ids);
    }

    [Fact]
    public async Task SuspendKustomization_StatusFrozenAndRequestedAtIgnoredUntilResumed()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = Kube.Connect(cluster);
        var before = await KustomizationAsync(client, "inventory");

        var suspended = await Kube.MergePatchCustomAsync(client, Flux, "v1", "flux-system", "kustomizations", "inventory", """{"spec":{"suspend":true}}""");
        await Kube.MergePatchCustomAsync(client, Flux, "v1", "flux-system", "kustomizations", "inventory",
            """{"metadata":{"annotations":{"reconcile.fluxcd.io/requestedAt":"t1"}}}""");
        await ControllerPasses.WaitAsync(cluster); // a whole pass of Flux since: a reconcile would have changed the status
        var frozen = await KustomizationAsync(client, "inventory");
        await Kube.MergePatchCustomAsync(client, Flux, "v1", "flux-system", "kustomizations", "inventory", """{"spec":{"suspend":false}}""");
        var resumed = await Eventually.UntilAsync(() => KustomizationAsync(client, "inventory"),
            k => At(k, "status.lastHandledReconcileAt") == "t1", "reconcile after resume");

        Assert.Equal("true", At(frozen, "spec.suspend"));
        Assert.Equal(before!["status"]!.ToJsonString(), frozen!["status"]!.ToJsonString());
        Assert.True(long.Parse(At(suspended, "metadata.generation")!) > long.Parse(At(frozen, "status.observedGeneration")!));
        Assert.Equal(At(resumed, "metadata.generation"), At(resumed, "status.observedGeneration"));
    }

    [Fact]
    public async Task Kustomization_MissingSource_NotReadyWithArtifactFailed()
    {
        await using var cluster = await TestCluster.StartAsync(name: "dr-west");
        using var client = Kube.Connect(cluster);
        var ks = JsonNode.Parse("""
            {"apiVersion":"kustomize.toolkit.fluxcd.io/v1","kind":"Kustomization","metadata":{"name":"payments","namespace":"flux-system"},
             "spec":{"interval":"5m","prune":true,"path":"./payments","sourceRef":{"kind":"GitRepository","name":"nope"}}}
            """)!;

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(ks, Flux, "v1", "flux-system", "kustomizations");
        var failed = await Eventually.UntilAsync(() => KustomizationAsync(client, "payments"), k => k!["status"]?["conditions"] is not null, "reconciled");

        var ready = failed!["status"]!["conditions"]![0]!;
        Assert.Equal(("Ready", "False", "ArtifactFailed"), ((string?)ready["type"], (string?)ready["status"], (string?)ready["reason"]));
        Assert.Equal("Source 'GitRepository/flux-system/nope' not found", (string?)ready["message"]);
    }
}
