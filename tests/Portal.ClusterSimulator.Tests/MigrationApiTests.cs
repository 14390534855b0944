using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>What the portal's migration gateway needs from the API server: every namespaced type listable, CRDs
/// readable, merge patches on custom resources (null removes), replace with the server's allocated fields kept,
/// immutable claim specs, LoadBalancer addresses, delete.</summary>
public sealed class MigrationApiTests
{
    private const string Merge = "application/merge-patch+json";

    [Fact]
    public async Task Discovery_EveryServedNamespacedResource_ListsInANamespace()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = new ApiClient(cluster);
        var paths = new List<string> { "/api/v1" };
        var (_, groups) = await client.GetAsync("/apis");
        paths.AddRange(groups!["groups"]!.AsArray().Select(g => "/apis/" + (string?)g!["preferredVersion"]!["groupVersion"]));

        var listed = new List<string>();
        foreach (var path in paths)
        {
            var (_, resources) = await client.GetAsync(path);
            foreach (var r in resources!["resources"]!.AsArray().Where(r => (bool)r!["namespaced"]! && !((string)r["name"]!).Contains('/')))
            {
                var (code, list) = await client.GetAsync($"{path}/namespaces/reports/{r!["name"]}");
                Assert.True(code == HttpStatusCode.OK, $"{path} {r["name"]}: {code}");
                Assert.EndsWith("List", (string?)list!["kind"]);
                listed.Add((string)r["name"]!);
            }
        }

        Assert.Contains("statefulsets", listed);
        Assert.Contains("persistentvolumeclaims", listed);
        Assert.Contains("applications", listed);
    }

    [CrdsFact]
    public async Task CustomResourceDefinitions_RealCrds_ListedWithGroupKindAndServedVersions()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "dr-west", Port = 0, CrdDirectory = SharedCrds.Directory, SeedDemoData = false,
            UnservedApis = ["postgresql.cnpg.io"],
        });
        using var client = new ApiClient(cluster);

        var (code, list) = await client.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
        var (_, app) = await client.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/applications.argoproj.io");

        Assert.Equal(HttpStatusCode.OK, code);
        var names = list!["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]).ToList();
        Assert.Contains("backups.velero.io", names);
        Assert.Contains("kustomizations.kustomize.toolkit.fluxcd.io", names);
        Assert.DoesNotContain("clusters.postgresql.cnpg.io", names);
        Assert.Equal("argoproj.io", (string?)app!["spec"]!["group"]);
        Assert.Equal("Application", (string?)app["spec"]!["names"]!["kind"]);
        Assert.Equal(["v1alpha1"], app["spec"]!["versions"]!.AsArray().Select(v => (string?)v!["name"]));
        Assert.NotNull(app["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]);
    }

    [CrdsFact]
    public async Task MergePatch_ArgoApplicationRealCrd_NullRemovesAutomatedAndAnnotationsAdded()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east", crds: SharedCrds.Directory);
        using var client = new ApiClient(cluster);
        const string path = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/storefront";

        var (code, patched) = await client.PatchAsync(path + "?fieldValidation=Strict", JsonNode.Parse("""
            {"metadata":{"annotations":{"kubernetes-portal.io/frozen-by":"wave-1"}},"spec":{"syncPolicy":{"automated":null}}}
            """)!, Merge);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.False(patched!["spec"]!["syncPolicy"]!.AsObject().ContainsKey("automated"));
        Assert.Contains("CreateNamespace=true", patched["spec"]!["syncPolicy"]!["syncOptions"]!.AsArray().Select(o => (string?)o));
        Assert.Equal("wave-1", (string?)patched["metadata"]!["annotations"]!["kubernetes-portal.io/frozen-by"]);
        Assert.False(cluster.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront")!["spec"]!["syncPolicy"]!.AsObject().ContainsKey("automated"));
    }

    [CrdsFact]
    public async Task MergePatch_InvalidValueOnRealCrd_Refused422AndObjectUnchanged()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east", crds: SharedCrds.Directory);
        using var client = new ApiClient(cluster);
        const string path = "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/inventory";

        var (code, status) = await client.PatchAsync(path, JsonNode.Parse("""{"spec":{"suspend":"yes"}}""")!, Merge);
        var (unknownCode, _) = await client.PatchAsync(path + "?fieldValidation=Strict", JsonNode.Parse("""{"spec":{"suspended":true}}""")!, Merge);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("spec.suspend", status!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownCode);
        Assert.Null(cluster.Store.Get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory")!["spec"]!["suspend"]);
    }

    [Fact]
    public async Task PutService_WithoutClusterIp_KeepsAllocatedAddress_ChangedAddressRefused()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = new ApiClient(cluster);
        const string path = "/api/v1/namespaces/catalog/services/catalog-api";
        var (_, current) = await client.GetAsync(path);
        var ip = (string?)current!["spec"]!["clusterIP"];

        var replacement = current.DeepClone();
        replacement["spec"]!.AsObject().Remove("clusterIP");
        replacement["spec"]!.AsObject().Remove("clusterIPs");
        replacement["metadata"]!["labels"]!["kubernetes-portal.io/migration"] = "wave-1";
        var (code, replaced) = await client.PutAsync(path, replacement);
        var changed = replaced!.DeepClone();
        changed["spec"]!["clusterIP"] = "10.96.0.99";
        var (refused, status) = await client.PutAsync(path, changed);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.NotNull(ip);
        Assert.Equal(ip, (string?)replaced["spec"]!["clusterIP"]);
        Assert.Equal("wave-1", (string?)replaced["metadata"]!["labels"]!["kubernetes-portal.io/migration"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Contains("field is immutable", status!["message"]!.ToString());
    }

    [Fact]
    public async Task PutClaim_SpecChangeRefused_LabelChangeAccepted()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = new ApiClient(cluster);
        const string path = "/api/v1/namespaces/reports/persistentvolumeclaims/report-archive";
        var (_, claim) = await client.GetAsync(path);

        var otherClass = claim!.DeepClone();
        otherClass["spec"]!["storageClassName"] = "fast-ssd";
        var (refused, status) = await client.PutAsync(path, otherClass);
        var labelled = claim.DeepClone();
        labelled["metadata"]!["labels"] = new JsonObject { ["kubernetes-portal.io/migration"] = "wave-1" };
        labelled["spec"]!.AsObject().Remove("volumeName"); // left out: the bound volume stays
        var (code, saved) = await client.PutAsync(path, labelled);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Contains("spec is immutable", status!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("wave-1", (string?)saved!["metadata"]!["labels"]!["kubernetes-portal.io/migration"]);
        Assert.Equal((string?)claim["spec"]!["volumeName"], (string?)saved["spec"]!["volumeName"]);
    }

    [Fact]
    public async Task LoadBalancerService_GetsAddressShortlyAfterCreation_LosesItAsClusterIp()
    {
        await using var east = await TestCluster.StartAsync(name: "prod-east");
        await using var west = await TestCluster.StartAsync(name: "dr-west");
        var service = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"rsync-receiver"},
             "spec":{"type":"LoadBalancer","selector":{"app":"rsync"},"ports":[{"name":"rsync","port":873,"targetPort":873}]}}
            """)!;
        using var eastApi = new ApiClient(east);
        using var westApi = new ApiClient(west);
        const string path = "/api/v1/namespaces/default/services";
        await eastApi.PostAsync(path, service);
        await westApi.PostAsync(path, service);

        string? Address(SimulatedCluster c) => (string?)c.Store.Get("v1", "Service", "default", "rsync-receiver")?["status"]?["loadBalancer"]?["ingress"]?[0]?["ip"];
        var eastIp = await Eventually.UntilAsync(() => Task.FromResult(Address(east)), ip => ip is not null, "east address");
        var westIp = await Eventually.UntilAsync(() => Task.FromResult(Address(west)), ip => ip is not null, "west address");
        await eastApi.PatchAsync(path + "/rsync-receiver", JsonNode.Parse("""{"spec":{"type":"ClusterIP"}}""")!, Merge);
        await Eventually.UntilAsync(() => Task.FromResult<object?>(Address(east) is null ? "gone" : null), g => g is not null, "address released");

        Assert.StartsWith("198.51.100.", eastIp);
        Assert.NotEqual(eastIp, westIp);
    }

    [Fact]
    public async Task Delete_Deployment_ThenGone404()
    {
        await using var cluster = await TestCluster.StartAsync(name: "prod-east");
        using var client = new ApiClient(cluster);
        const string path = "/apis/apps/v1/namespaces/catalog/deployments/catalog-api";

        var (first, _) = await client.DeleteAsync(path);
        var (second, status) = await client.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.NotFound, second);
        Assert.Equal("NotFound", (string?)status!["reason"]);
    }
}
