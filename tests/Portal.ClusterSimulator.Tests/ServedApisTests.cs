using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>Per-cluster differences for preflight checks: served APIs, legacy versions and classes.</summary>
public sealed class ServedApisTests
{
    private static Task<SimulatedCluster> StartAsync(IReadOnlyList<string>? unserved = null, IReadOnlyList<string>? legacy = null, bool seed = true) =>
        SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "dr-west",
            SeedDemoData = seed,
            PhaseStepDelay = TimeSpan.FromMilliseconds(50),
            UnservedApis = unserved ?? [],
            LegacyApiVersions = legacy ?? [],
        });

    private static List<string> GroupVersions(JsonNode? apis) =>
        apis!["groups"]!.AsArray().SelectMany(g => g!["versions"]!.AsArray().Select(v => (string)v!["groupVersion"]!)).ToList();

    [Fact]
    public async Task UnservedGroupVersion_Discovery_OmitsItAndItsPathsAnswer404()
    {
        await using var cluster = await StartAsync(unserved: ["snapshot.storage.k8s.io/v1"]);
        using var client = new ApiClient(cluster);

        var (_, apis) = await client.GetAsync("/apis");
        var (groupVersion, _) = await client.GetAsync("/apis/snapshot.storage.k8s.io/v1");
        var (group, _) = await client.GetAsync("/apis/snapshot.storage.k8s.io");
        var (list, _) = await client.GetAsync("/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses");
        var (openapi, index) = await client.GetAsync("/openapi/v3");

        Assert.DoesNotContain("snapshot.storage.k8s.io/v1", GroupVersions(apis));
        Assert.Contains("velero.io/v1", GroupVersions(apis));
        Assert.Equal(HttpStatusCode.NotFound, groupVersion);
        Assert.Equal(HttpStatusCode.NotFound, group);
        Assert.Equal(HttpStatusCode.NotFound, list);
        Assert.Equal(HttpStatusCode.OK, openapi);
        Assert.Null(index!["paths"]!["apis/snapshot.storage.k8s.io/v1"]);
        Assert.Null(cluster.Catalog.Find("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass"));
    }

    [Fact]
    public async Task UnservedCrd_KubernetesClient_GetsNotFoundAndSeedLeavesItsObjectsOut()
    {
        await using var cluster = await StartAsync(unserved: ["kustomizations.kustomize.toolkit.fluxcd.io", "argoproj.io"]);
        using var client = Kube.Connect(cluster);
        using var raw = new ApiClient(cluster);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CustomObjects.ListNamespacedCustomObjectAsync("kustomize.toolkit.fluxcd.io", "v1", "flux-system", "kustomizations"));
        var (_, fluxSource) = await raw.GetAsync("/apis/source.toolkit.fluxcd.io/v1");
        var (_, apis) = await raw.GetAsync("/apis");

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains(fluxSource!["resources"]!.AsArray(), r => (string?)r!["name"] == "gitrepositories");
        Assert.DoesNotContain(apis!["groups"]!.AsArray(), g => (string?)g!["name"] is "argoproj.io" or "kustomize.toolkit.fluxcd.io");
        Assert.Null(cluster.Store.Get("v1", "Namespace", null, "argocd"));
    }

    [Fact]
    public async Task LegacyVersion_Served_ListedBesideCurrentAndSharesObjects()
    {
        await using var cluster = await StartAsync(legacy: ["batch/v1beta1", "networking.k8s.io/v1beta1"]);
        using var client = new ApiClient(cluster);

        var (_, batch) = await client.GetAsync("/apis/batch");
        var (_, oldBatch) = await client.GetAsync("/apis/batch/v1beta1");
        await client.PostAsync("/apis/batch/v1beta1/namespaces/default/cronjobs", JsonNode.Parse("""
            {"apiVersion":"batch/v1beta1","kind":"CronJob","metadata":{"name":"old"},
             "spec":{"schedule":"0 1 * * *","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}}}
            """)!);
        var (code, current) = await client.GetAsync("/apis/batch/v1/namespaces/default/cronjobs/old");

        Assert.Equal("batch/v1", (string?)batch!["preferredVersion"]!["groupVersion"]);
        Assert.Equal(["batch/v1", "batch/v1beta1"], batch["versions"]!.AsArray().Select(v => (string)v!["groupVersion"]!).ToArray());
        Assert.Equal(["cronjobs"], oldBatch!["resources"]!.AsArray().Select(r => (string)r!["name"]!).Where(n => !n.Contains('/')).ToArray());
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("batch/v1", (string?)current!["apiVersion"]);
    }

    [Fact]
    public async Task LegacyVersion_Unknown_RefusedAtStart()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(legacy: ["extensions/v1beta1"], seed: false));
    }

    [Fact]
    public async Task ClassOptions_WithoutDemoData_CreateExactlyThoseClasses()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "edge-1",
            SeedDemoData = false,
            StorageClasses = [new("local-path", "rancher.io/local-path", IsDefault: true)],
            IngressClasses = [new("traefik", "traefik.io/ingress-controller", IsDefault: true)],
            VolumeSnapshotClasses = [new("longhorn-snap", "driver.longhorn.io", ForVelero: false, DeletionPolicy: "Delete")],
        });
        using var client = Kube.Connect(cluster);

        var storage = await client.StorageV1.ListStorageClassAsync();
        var ingress = await client.NetworkingV1.ListIngressClassAsync();
        var snapshots = cluster.Store.List("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass");

        var sc = Assert.Single(storage.Items);
        Assert.Equal(("local-path", "rancher.io/local-path", "true"), (sc.Metadata.Name, sc.Provisioner, sc.Metadata.Annotations["storageclass.kubernetes.io/is-default-class"]));
        Assert.Equal("traefik.io/ingress-controller", Assert.Single(ingress.Items).Spec.Controller);
        var vsc = Assert.Single(snapshots);
        Assert.Equal(("driver.longhorn.io", "Delete"), ((string?)vsc["driver"], (string?)vsc["deletionPolicy"]));
        Assert.Null(vsc["metadata"]!["labels"]);
    }

    [Fact]
    public async Task ScaleSubresource_Discovery_ListedForDeployments()
    {
        await using var cluster = await StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (_, apps) = await client.GetAsync("/apis/apps/v1");

        var scale = apps!["resources"]!.AsArray().Single(r => (string?)r!["name"] == "deployments/scale")!;
        Assert.Equal(("autoscaling", "v1", "Scale"), ((string?)scale["group"], (string?)scale["version"], (string?)scale["kind"]));
    }
}
