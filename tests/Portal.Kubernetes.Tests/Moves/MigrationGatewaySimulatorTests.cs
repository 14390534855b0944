using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Moves;

/// <summary>The migration gateway end to end against the HTTPS simulator of the demo sites (real CRDs when present).</summary>
public class MigrationGatewaySimulatorTests
{
    private static readonly KeyValuePair<string, string> Owner = new("kubernetes-portal.io/migration", "wave-1.reports");

    private static string? At(JsonNode? node, string path) =>
        path.Split('.').Aggregate(node, (n, p) => n?[p]) is JsonValue v ? v.ToString() : null;

    /// <summary>A label or annotation (their keys hold dots, so not through <see cref="At"/>).</summary>
    private static string? Meta(JsonNode? obj, string map, string key) => obj?["metadata"]?[map]?[key] is JsonValue v ? v.ToString() : null;

    private static JsonObject Labelled(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        var metadata = obj["metadata"]!.AsObject();
        var labels = metadata["labels"] as JsonObject ?? new JsonObject();
        labels[Owner.Key] = Owner.Value;
        metadata["labels"] = labels;
        return obj;
    }

    [Fact]
    public async Task ExportNamespace_Reports_EveryKindWithTypeSetAndNoEvents()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        sim.Store.Put(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"report-store-0.1","namespace":"reports"},
             "involvedObject":{"kind":"Pod","name":"report-store-0","namespace":"reports"},"reason":"Pulled","message":"pulled","type":"Normal"}
            """)!);
        sim.Store.Put(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"report-store-0","namespace":"reports","labels":{"app":"report-store"}},
             "spec":{"containers":[{"name":"report-store","image":"ghcr.io/acme/report-store:2.3.1"}]}}
            """)!);

        var export = await MigrationSimulator.Gateway().ExportNamespaceAsync(sim.Connection(), "reports", CancellationToken.None);

        var kinds = export.Objects.Select(o => $"{At(o, "apiVersion")} {At(o, "kind")} {At(o, "metadata.name")}").ToList();
        Assert.Contains("apps/v1 StatefulSet report-store", kinds);
        Assert.Contains("apps/v1 Deployment report-renderer", kinds);
        Assert.Contains("v1 PersistentVolumeClaim data-report-store-0", kinds);
        Assert.Contains("v1 PersistentVolumeClaim data-report-store-1", kinds);
        Assert.Contains("v1 PersistentVolumeClaim report-archive", kinds);
        Assert.Contains("v1 Service report-store", kinds);
        Assert.Contains("v1 ConfigMap report-renderer-config", kinds);
        Assert.Contains("v1 Pod report-store-0", kinds);
        Assert.DoesNotContain(export.Objects, o => At(o, "kind") == "Event");
        Assert.All(export.Objects, o => Assert.Equal("reports", At(o, "metadata.namespace")));
        Assert.All(export.Objects, o => Assert.Equal(["apiVersion", "kind"], o.Select(p => p.Key).Take(2)));
        Assert.Empty(export.Unreadable);
    }

    [Fact]
    public async Task ExportNamespace_OneTypeForbidden_SkippedAndNamed()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var gateway = MigrationSimulator.Gateway();
        var connection = sim.Connection();
        await gateway.ReadFactsAsync(connection, "velero", CancellationToken.None); // discovery cached before the fault
        sim.Faults.FailRequests(403, pathContains: "/namespaces/reports/secrets");

        var export = await gateway.ExportNamespaceAsync(connection, "reports", CancellationToken.None);

        var reason = Assert.Single(export.Unreadable);
        Assert.StartsWith("secrets: forbidden", reason);
        Assert.Contains(export.Objects, o => At(o, "kind") == "StatefulSet");
        Assert.DoesNotContain(export.Objects, o => At(o, "kind") == "Secret");
    }

    [Fact]
    public async Task Apply_CreatedThenUpdatedThenForeignLeftExisting()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();
        var config = Labelled("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"report-renderer-config","namespace":"default"},"data":{"LOG_LEVEL":"info"}}""");
        var service = Labelled("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"report-renderer","namespace":"default"},
             "spec":{"selector":{"app":"report-renderer"},"ports":[{"name":"http","port":80,"targetPort":8080}]}}
            """);

        var created = await gateway.ApplyAsync(c, config, Owner, CancellationToken.None);
        var serviceCreated = await gateway.ApplyAsync(c, service, Owner, CancellationToken.None);
        var ip = At(await gateway.GetAsync(c, "v1", "Service", "default", "report-renderer", CancellationToken.None), "spec.clusterIP");
        config["data"]!["LOG_LEVEL"] = "debug";
        service["metadata"]!["annotations"] = new JsonObject { ["kubernetes-portal.io/wave"] = "1" };
        var updated = await gateway.ApplyAsync(c, config, Owner, CancellationToken.None);
        var serviceUpdated = await gateway.ApplyAsync(c, service, Owner, CancellationToken.None);
        sim.Store.Put(JsonNode.Parse("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder","namespace":"default"}}""")!);
        var foreign = Labelled("""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder","namespace":"default"}}""");
        var left = await gateway.ApplyAsync(c, foreign, Owner, CancellationToken.None);

        Assert.Equal((ApplyResult.Created, ApplyResult.Created), (created, serviceCreated));
        Assert.Equal((ApplyResult.Updated, ApplyResult.Updated), (updated, serviceUpdated));
        Assert.Equal(ApplyResult.LeftExisting, left);
        Assert.Equal("debug", At(sim.Store.Get("v1", "ConfigMap", "default", "report-renderer-config"), "data.LOG_LEVEL"));
        var storedService = sim.Store.Get("v1", "Service", "default", "report-renderer");
        Assert.Equal(ip, At(storedService, "spec.clusterIP"));
        Assert.Equal("1", Meta(storedService, "annotations", "kubernetes-portal.io/wave"));
        Assert.Null(Meta(sim.Store.Get("v1", "ServiceAccount", "default", "builder"), "labels", Owner.Key));
    }

    [Fact]
    public async Task Apply_OwnBoundClaimAgain_OnlyLabelsAndAnnotationsChange()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();
        var claim = Labelled("""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"report-archive","namespace":"default"},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"50Gi"}}}}
            """);
        await gateway.ApplyAsync(c, claim, Owner, CancellationToken.None);
        var bound = await Eventually.UntilAsync(() => gateway.GetAsync(c, "v1", "PersistentVolumeClaim", "default", "report-archive", CancellationToken.None),
            p => At(p, "status.phase") == "Bound", "claim bound");

        claim["spec"]!["storageClassName"] = "premium-ssd"; // would be refused: a claim's spec is immutable
        claim["metadata"]!["annotations"] = new JsonObject { ["kubernetes-portal.io/copied"] = "true" };
        var again = await gateway.ApplyAsync(c, claim, Owner, CancellationToken.None);

        var stored = sim.Store.Get("v1", "PersistentVolumeClaim", "default", "report-archive");
        Assert.Equal(ApplyResult.Updated, again);
        Assert.Equal("true", Meta(stored, "annotations", "kubernetes-portal.io/copied"));
        Assert.Equal(At(bound, "spec.volumeName"), At(stored, "spec.volumeName"));
        Assert.Equal("standard", At(stored, "spec.storageClassName"));
    }

    [Fact]
    public async Task Apply_NamespaceMissing_NotFoundSayingSo_ThenNamespaceFirstWorks()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();
        var config = Labelled("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"report-renderer-config","namespace":"reports"},"data":{"A":"1"}}""");

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => gateway.ApplyAsync(c, config, Owner, CancellationToken.None));
        var ns = await gateway.ApplyAsync(c, Labelled("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"reports"}}"""), Owner, CancellationToken.None);
        var created = await gateway.ApplyAsync(c, config, Owner, CancellationToken.None);

        Assert.Equal(ClusterFault.NotFound, e.Fault);
        Assert.Contains("namespace 'reports' does not exist", e.Message);
        Assert.Equal((ApplyResult.Created, ApplyResult.Created), (ns, created));
    }

    [CrdsFact]
    public async Task Apply_VeleroRestoreAndArgoApplication_CustomResourcesCreatedThenReplaced()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();
        var restore = Labelled("""
            {"apiVersion":"velero.io/v1","kind":"Restore","metadata":{"name":"wave-1-reports","namespace":"velero"},
             "spec":{"backupName":"wave-1-reports","includedNamespaces":["reports"],"namespaceMapping":{"reports":"reports"},
                     "restorePVs":true,"existingResourcePolicy":"none"}}
            """);
        var app = Labelled("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"storefront","namespace":"argocd"},
             "spec":{"project":"default","source":{"repoURL":"https://git.example.com/shop/storefront-deploy.git","path":"overlays/dr-west","targetRevision":"main"},
                     "destination":{"server":"https://kubernetes.default.svc","namespace":"storefront"},
                     "syncPolicy":{"syncOptions":["CreateNamespace=true"]}}}
            """);

        var results = new List<ApplyResult>
        {
            await gateway.ApplyAsync(c, restore, Owner, CancellationToken.None),
            await gateway.ApplyAsync(c, app, Owner, CancellationToken.None),
        };
        app["spec"]!["source"]!["targetRevision"] = "v4.2.0";
        results.Add(await gateway.ApplyAsync(c, app, Owner, CancellationToken.None));

        Assert.Equal([ApplyResult.Created, ApplyResult.Created, ApplyResult.Updated], results);
        Assert.Equal("v4.2.0", At(sim.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront"), "spec.source.targetRevision"));
        Assert.Empty(RealSchemas.Catalog.Validate("velero.io/v1", "Restore", restore, strict: true));
        Assert.Empty(RealSchemas.Catalog.Validate("argoproj.io/v1alpha1", "Application", app, strict: true));
    }

    [Fact]
    public async Task Apply_KindNotServed_ToolMissing()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        var obj = Labelled("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"}}""");

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            MigrationSimulator.Gateway().ApplyAsync(sim.Connection(), obj, Owner, CancellationToken.None));

        Assert.Equal(ClusterFault.ToolMissing, e.Fault);
        Assert.Contains("does not serve Widget", e.Message);
    }

    [Fact]
    public async Task Apply_CrdInstalledAfterDiscoveryWasCached_FoundByRereadingOnMiss()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        var gateway = MigrationSimulator.Gateway(); // 5-minute discovery cache
        var c = sim.Connection();
        var widget = Labelled("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},"spec":{"size":3}}""");
        Assert.Null(await gateway.GetAsync(c, "example.com/v1", "Widget", "default", "w", CancellationToken.None));

        sim.Catalog.AddOrReplace(new Portal.ClusterSimulator.Resources.ResourceDefinition
        {
            Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Singular = "widget",
            Schema = JsonNode.Parse("""{"type":"object","x-kubernetes-preserve-unknown-fields":true}""")!.AsObject(),
        });
        var result = await gateway.ApplyAsync(c, widget, Owner, CancellationToken.None);

        Assert.Equal(ApplyResult.Created, result);
        Assert.Equal("3", At(await gateway.GetAsync(c, "example.com/v1", "Widget", "default", "w", CancellationToken.None), "spec.size"));
    }

    [CrdsFact]
    public async Task MergePatch_FreezeArgoApplication_RemovesAutomatedAndAddsAnnotations()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();
        var patch = JsonNode.Parse("""
            {"metadata":{"annotations":{"kubernetes-portal.io/frozen-by":"wave-1","kubernetes-portal.io/automated":"{\"prune\":true,\"selfHeal\":true}"}},
             "spec":{"syncPolicy":{"automated":null}}}
            """)!.AsObject();

        var patched = await gateway.MergePatchAsync(c, "argoproj.io/v1alpha1", "Application", "argocd", "storefront", patch, CancellationToken.None);

        var app = await gateway.GetAsync(c, "argoproj.io/v1alpha1", "Application", "argocd", "storefront", CancellationToken.None);
        Assert.True(patched);
        Assert.False(app!["spec"]!["syncPolicy"]!.AsObject().ContainsKey("automated"));
        Assert.Equal("CreateNamespace=true", (string?)app["spec"]!["syncPolicy"]!["syncOptions"]![0]);
        Assert.Equal("wave-1", Meta(app, "annotations", "kubernetes-portal.io/frozen-by"));
        Assert.Empty(RealSchemas.Catalog.Validate("argoproj.io/v1alpha1", "Application", app, strict: true));
    }

    [CrdsFact]
    public async Task MergePatch_SuspendFluxKustomization_SetsSuspend_MissingObjectFalse()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();

        var patched = await gateway.MergePatchAsync(c, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory",
            new JsonObject { ["spec"] = new JsonObject { ["suspend"] = true } }, CancellationToken.None);
        var missing = await gateway.MergePatchAsync(c, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "nope",
            new JsonObject { ["spec"] = new JsonObject { ["suspend"] = true } }, CancellationToken.None);

        var kustomization = sim.Store.Get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory");
        Assert.True(patched);
        Assert.False(missing);
        Assert.Equal("true", At(kustomization, "spec.suspend"));
        Assert.Empty(RealSchemas.Catalog.Validate("kustomize.toolkit.fluxcd.io/v1", "Kustomization", kustomization!, strict: true));
    }

    [CrdsFact]
    public async Task MergePatch_InvalidForTheRealCrd_RefusedAsInvalid()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var gateway = MigrationSimulator.Gateway();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => gateway.MergePatchAsync(sim.Connection(),
            "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory",
            JsonNode.Parse("""{"spec":{"suspend":"yes"}}""")!.AsObject(), CancellationToken.None));

        Assert.Equal(ClusterFault.Invalid, e.Fault);
        Assert.Contains("spec.suspend", e.Message);
        Assert.Null(At(sim.Store.Get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory"), "spec.suspend"));
    }

    [Fact]
    public async Task Delete_Existing_TrueThenFalse()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();

        var first = await gateway.DeleteAsync(c, "apps/v1", "Deployment", "catalog", "catalog-api", CancellationToken.None);
        var second = await gateway.DeleteAsync(c, "apps/v1", "Deployment", "catalog", "catalog-api", CancellationToken.None);
        var unserved = await gateway.DeleteAsync(c, "example.com/v1", "Widget", "catalog", "w", CancellationToken.None);

        Assert.Equal((true, false, false), (first, second, unserved));
        Assert.Null(sim.Store.Get("apps/v1", "Deployment", "catalog", "catalog-api"));
    }

    [Fact]
    public async Task GetAndList_ByKind_ClusterScopedAndLabelSelector()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();

        var sc = await gateway.GetAsync(c, "storage.k8s.io/v1", "StorageClass", null, "fast-ssd", CancellationToken.None);
        var none = await gateway.GetAsync(c, "v1", "ConfigMap", "reports", "nope", CancellationToken.None);
        var unserved = await gateway.GetAsync(c, "example.com/v1", "Widget", "reports", "w", CancellationToken.None);
        var teams = await gateway.ListAsync(c, "v1", "Namespace", null, "team=reporting", CancellationToken.None);
        var everywhere = await gateway.ListAsync(c, "apps/v1", "Deployment", null, null, CancellationToken.None);

        Assert.Equal("StorageClass", At(sc, "kind"));
        Assert.Null(none);
        Assert.Null(unserved);
        Assert.Equal(["reports"], teams.Select(n => At(n, "metadata.name")));
        Assert.Contains(everywhere, d => At(d, "metadata.namespace") == "catalog");
        Assert.Contains(everywhere, d => At(d, "metadata.namespace") == "reports");
    }

    [Fact]
    public async Task ClusterDown_EveryCall_TransientUnreachable()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();
        await gateway.GetAsync(c, "v1", "ConfigMap", "reports", "report-renderer-config", CancellationToken.None); // discovery cached
        await sim.StopAsync();

        var calls = new Func<Task>[]
        {
            () => gateway.ExportNamespaceAsync(c, "reports", CancellationToken.None),
            () => gateway.GetAsync(c, "v1", "ConfigMap", "reports", "report-renderer-config", CancellationToken.None),
            () => gateway.MergePatchAsync(c, "v1", "ConfigMap", "reports", "report-renderer-config", new JsonObject(), CancellationToken.None),
            () => gateway.DeleteAsync(c, "v1", "ConfigMap", "reports", "report-renderer-config", CancellationToken.None),
            () => gateway.ReadFactsAsync(c, "velero", CancellationToken.None),
        };
        foreach (var call in calls)
        {
            var e = await Assert.ThrowsAsync<ClusterAccessException>(call);
            Assert.Equal(ClusterFault.Unreachable, e.Fault);
            Assert.True(e.IsTransient);
        }
    }
}
