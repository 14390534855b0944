using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary>The one write path against the simulator: creates by server-side apply, adopts the portal's own, refuses
/// anyone else's in words, and the named policies that do otherwise.</summary>
public class ServerSideApplyTests
{
    private const string OwnerKey = "kubernetes-portal.io/request-id";
    private static readonly ApplyOwnership Mine = new(OwnerKey, "req-1", "this request");

    private static ApplyTarget Target(string name) => new("", "v1", "configmaps", "ConfigMap", "default", name, "a ConfigMap");

    private static JsonObject Config(string name, string? owner, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "default",
            ["labels"] = owner is null ? new JsonObject { ["app"] = "shop" } : new JsonObject { [OwnerKey] = owner },
        },
        ["data"] = new JsonObject { ["mode"] = value },
    };

    private static KubernetesClientFactory Clients()
    {
        var options = Options.Create(GatewayFactory.FastOptions());
        return new KubernetesClientFactory(options, NullLogger<KubernetesClientFactory>.Instance);
    }

    private static Task<ServerSideApplyResult> ApplyAsync(KubernetesClientFactory clients, SimulatedCluster sim, JsonObject manifest,
        ApplyPolicy policy, ApplyOwnership? owner = null) =>
        ServerSideApply.ApplyAsync(clients, NullLogger.Instance, sim.Connection(), Target((string)manifest["metadata"]!["name"]!),
            manifest, owner ?? Mine, policy, CancellationToken.None);

    /// <summary>Someone else writes through the API under their own field manager (as kubectl or Helm would).</summary>
    private static Task CreateAsTheyDoAsync(KubernetesClientFactory clients, SimulatedCluster sim, JsonObject obj, string manager) =>
        clients.GetClient(sim.Connection()).CustomObjects.CreateNamespacedCustomObjectAsync(obj, "", "v1", "default", "configmaps",
            fieldManager: manager);

    private static string? Mode(SimulatedCluster sim, string name) => (string?)sim.Store.Get("v1", "ConfigMap", "default", name)?["data"]?["mode"];

    [Fact]
    public async Task Apply_Absent_CreatesWithThePortalsFieldManagerRecorded()
    {
        await using var sim = await Simulator.StartAsync();
        var clients = Clients();

        var result = await ApplyAsync(clients, sim, Config("settings", "req-1", "fast"), ApplyPolicy.AdoptOwnRefuseForeign);

        Assert.Equal(ApplyOutcome.Created, result.Outcome);
        Assert.Equal("fast", Mode(sim, "settings"));
        var managed = sim.Store.Get("v1", "ConfigMap", "default", "settings")!["metadata"]!["managedFields"]!.AsArray();
        var entry = Assert.Single(managed);
        Assert.Equal(("kubernetes-portal", "Apply"), ((string?)entry!["manager"], (string?)entry["operation"]));
        Assert.NotNull(entry["fieldsV1"]!["f:data"]!["f:mode"]);
    }

    [Fact]
    public async Task Apply_OwnChangedBySomeoneElse_AppliedAgainWithForce()
    {
        await using var sim = await Simulator.StartAsync();
        var clients = Clients();
        await ApplyAsync(clients, sim, Config("settings", "req-1", "fast"), ApplyPolicy.AdoptOwnRefuseForeign);
        await clients.GetClient(sim.Connection()).CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"data":{"mode":"slow"}}""", V1Patch.PatchType.MergePatch), "", "v1", "default", "configmaps", "settings",
            fieldManager: "kubectl-edit");

        // Without force this apply would be a conflict: kubectl-edit now owns data.mode with another value.
        var result = await ApplyAsync(clients, sim, Config("settings", "req-1", "fast"), ApplyPolicy.AdoptOwnRefuseForeign);

        Assert.Equal(ApplyOutcome.Reapplied, result.Outcome);
        Assert.Equal("fast", Mode(sim, "settings"));
    }

    [Fact]
    public async Task Apply_ForeignWithoutOwnerLabel_RefusedInWordsNamingTheObjectAndItsWriter()
    {
        await using var sim = await Simulator.StartAsync();
        var clients = Clients();
        await CreateAsTheyDoAsync(clients, sim, Config("settings", null, "theirs"), "helm");

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            ApplyAsync(clients, sim, Config("settings", "req-1", "fast"), ApplyPolicy.AdoptOwnRefuseForeign));

        Assert.Equal(ClusterFault.Conflict, e.Fault);
        Assert.Contains("an object named settings (a ConfigMap in namespace 'default') already exists and was not made by this request", e.Message);
        Assert.Contains($"it carries no {OwnerKey} label and was written by helm", e.Message);
        Assert.Equal("theirs", Mode(sim, "settings"));
        Assert.Null(sim.Store.Get("v1", "ConfigMap", "default", "settings")!["metadata"]!["labels"]![OwnerKey]);
    }

    [Fact]
    public async Task Apply_ForeignOfAnotherOwner_RefusedNamingThatOwner()
    {
        await using var sim = await Simulator.StartAsync();
        var clients = Clients();
        await ApplyAsync(clients, sim, Config("settings", "req-2", "theirs"), ApplyPolicy.AdoptOwnRefuseForeign,
            Mine with { LabelValue = "req-2" });

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            ApplyAsync(clients, sim, Config("settings", "req-1", "fast"), ApplyPolicy.AdoptOwnRefuseForeign));

        Assert.Equal(ClusterFault.Conflict, e.Fault);
        Assert.Contains($"it carries {OwnerKey}=req-2, so it belongs to another owner", e.Message);
        Assert.Equal("theirs", Mode(sim, "settings"));
    }

    [Fact]
    public async Task Apply_LeaveForeignPolicy_LeavesItAsItIsAndSaysSo()
    {
        await using var sim = await Simulator.StartAsync();
        var clients = Clients();
        await CreateAsTheyDoAsync(clients, sim, Config("settings", null, "theirs"), "helm");
        var before = sim.Store.Get("v1", "ConfigMap", "default", "settings")!["metadata"]!["resourceVersion"]!.GetValue<string>();

        var result = await ApplyAsync(clients, sim, Config("settings", "req-1", "fast"), ApplyPolicy.LeaveForeignAsItIs);

        Assert.Equal(ApplyOutcome.LeftForeign, result.Outcome);
        Assert.Equal("theirs", Mode(sim, "settings"));
        Assert.Equal(before, sim.Store.Get("v1", "ConfigMap", "default", "settings")!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_CreateOncePolicy_OwnAdoptedAsItIsWithoutAWrite()
    {
        await using var sim = await Simulator.StartAsync();
        var clients = Clients();
        await ApplyAsync(clients, sim, Config("settings", "req-1", "fast"), ApplyPolicy.CreateOnceRefuseForeign);
        var before = sim.Store.ResourceVersion;

        var result = await ApplyAsync(clients, sim, Config("settings", "req-1", "changed"), ApplyPolicy.CreateOnceRefuseForeign);

        Assert.Equal(ApplyOutcome.Adopted, result.Outcome);
        Assert.Equal("fast", result.Object.GetProperty("data").GetProperty("mode").GetString());
        Assert.Equal(before, sim.Store.ResourceVersion);
    }

    [Fact]
    public async Task Apply_ServerMetadataFromAnExport_NotSent()
    {
        var exported = Config("settings", "req-1", "fast");
        exported["metadata"]!["resourceVersion"] = "12345";
        exported["metadata"]!["uid"] = "source-uid";
        exported["metadata"]!["managedFields"] = new JsonArray();
        exported["status"] = new JsonObject { ["x"] = "y" };

        var forCreate = ServerSideApply.ApplyConfiguration(exported, null);
        var forReapply = ServerSideApply.ApplyConfiguration(exported, JsonDocument.Parse("{}").RootElement);

        Assert.Equal(["name", "namespace", "labels"], forCreate["metadata"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(forCreate["status"]);
        Assert.Null(forReapply["status"]); // over an existing object, status stays its controller's
    }

    [Fact]
    public void ApplyConfiguration_ServiceAgain_KeepsAllocatedAddressesAndNodePorts()
    {
        var live = JsonDocument.Parse("""
            {"spec":{"type":"NodePort","clusterIP":"10.96.1.2","clusterIPs":["10.96.1.2"],"ports":[{"name":"http","port":80,"nodePort":30080}]}}
            """).RootElement;
        var desired = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"n"},
             "spec":{"type":"NodePort","clusterIP":"None","ports":[{"name":"http","port":80,"targetPort":8080},{"name":"admin","port":9000}]}}
            """)!.AsObject();

        var body = ServerSideApply.ApplyConfiguration(desired, live);

        Assert.Equal("10.96.1.2", (string?)body["spec"]!["clusterIP"]);
        Assert.Equal("10.96.1.2", (string?)body["spec"]!["clusterIPs"]![0]);
        Assert.Equal(30080, (int?)body["spec"]!["ports"]![0]!["nodePort"]);
        Assert.Null(body["spec"]!["ports"]![1]!["nodePort"]);
        Assert.Equal(8080, (int?)body["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Fact]
    public void ApplyConfiguration_ClaimAgain_KeepsTheLiveSpecOnlyMetadataMoves()
    {
        var live = JsonDocument.Parse("""
            {"spec":{"storageClassName":"standard","volumeName":"pvc-1","resources":{"requests":{"storage":"1Gi"}}},"status":{"phase":"Bound"}}
            """).RootElement;
        var desired = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","namespace":"n","labels":{"owner":"w"}},
             "spec":{"storageClassName":"premium-ssd","resources":{"requests":{"storage":"1Gi"}}}}
            """)!.AsObject();

        var body = ServerSideApply.ApplyConfiguration(desired, live);

        Assert.Equal(("standard", "pvc-1"), ((string?)body["spec"]!["storageClassName"], (string?)body["spec"]!["volumeName"]));
        Assert.Equal("w", (string?)body["metadata"]!["labels"]!["owner"]);
        Assert.Null(body["status"]);
    }
}
