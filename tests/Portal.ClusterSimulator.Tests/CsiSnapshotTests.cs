using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>external-snapshotter's behaviour (VolumeSnapshot -> VolumeSnapshotContent -> ready, errors, deletion policy,
/// pre-provisioned contents) and claims restored from snapshots, through KubernetesClient.</summary>
public sealed class CsiSnapshotTests
{
    internal const string Group = "snapshot.storage.k8s.io";
    internal const string Ns = "apps";

    internal static Task<SimulatedCluster> StartAsync(TimeProvider? time = null, TimeSpan? readyDelay = null, bool groups = false,
        IReadOnlyList<SimulatedSnapshotClass>? snapshotClasses = null) =>
        SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "snaps",
            SeedDemoData = false,
            PhaseStepDelay = TimeSpan.FromMilliseconds(40),
            TimeProvider = time,
            StorageClasses =
            [
                new("gp3", "ebs.csi.aws.com", IsDefault: true),
                new("files", "efs.csi.aws.com"),
                new("longhorn", "driver.longhorn.io"),
            ],
            VolumeSnapshotClasses = snapshotClasses ??
            [
                new("ebs-retain", "ebs.csi.aws.com", ForVelero: true, DeletionPolicy: "Retain", IsDefault: true),
                new("ebs-delete", "ebs.csi.aws.com", ForVelero: false, DeletionPolicy: "Delete"),
                new("longhorn-snap", "driver.longhorn.io", ForVelero: false, DeletionPolicy: "Delete"),
            ],
            GroupSnapshots = groups,
            VolumeGroupSnapshotClasses = groups ? [new("ebs-group", "ebs.csi.aws.com")] : null,
            SnapshotReadyDelay = readyDelay ?? TimeSpan.Zero,
        });

    internal static async Task<Kubernetes> ConnectWithClaimAsync(SimulatedCluster cluster, string claim = "data", string? storageClass = "gp3", string size = "8Gi")
    {
        var client = Kube.Connect(cluster);
        await Kube.CreateNamespaceAsync(client, Ns);
        if (claim.Length > 0) await CreateBoundClaimAsync(client, claim, storageClass, size);
        return client;
    }

    internal static async Task<V1PersistentVolumeClaim> CreateBoundClaimAsync(Kubernetes client, string claim, string? storageClass, string size = "8Gi",
        IDictionary<string, string>? labels = null)
    {
        var c = Kube.Claim(claim, storageClass, size);
        c.Metadata.Labels = labels;
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(c, Ns);
        return await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claim, Ns), x => x.Status?.Phase == "Bound", "claim bound");
    }

    internal static JsonObject Snapshot(string name, string? claim, string? className = null, string? contentName = null)
    {
        var source = new JsonObject();
        if (claim is not null) source["persistentVolumeClaimName"] = claim;
        if (contentName is not null) source["volumeSnapshotContentName"] = contentName;
        var spec = new JsonObject { ["source"] = source };
        if (className is not null) spec["volumeSnapshotClassName"] = className;
        return new JsonObject
        {
            ["apiVersion"] = "snapshot.storage.k8s.io/v1",
            ["kind"] = "VolumeSnapshot",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
            ["spec"] = spec,
        };
    }

    internal static Task CreateSnapshotAsync(Kubernetes client, JsonObject snapshot) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(snapshot, Group, "v1", Ns, "volumesnapshots");

    internal static async Task<JsonNode?> GetSnapshotAsync(Kubernetes client, string name) =>
        await Kube.GetCustomAsync(client, Group, "v1", Ns, "volumesnapshots", name);

    internal static async Task<JsonNode?> GetContentAsync(Kubernetes client, string name) =>
        JsonNode.Parse(((JsonElement)await client.CustomObjects.GetClusterCustomObjectAsync(Group, "v1", "volumesnapshotcontents", name)).GetRawText());

    internal static async Task<List<JsonNode>> ListContentsAsync(Kubernetes client) =>
        JsonNode.Parse(((JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync(Group, "v1", "volumesnapshotcontents")).GetRawText())!["items"]!
            .AsArray().Select(i => i!).ToList();

    internal static async Task<JsonNode?> UntilSnapshotAsync(Kubernetes client, string name, Func<JsonNode, bool> condition, string what) =>
        await Eventually.UntilAsync(() => GetSnapshotAsync(client, name), condition, what);

    internal static bool Ready(JsonNode? o) => (bool?)o?["status"]?["readyToUse"] == true;

    internal static string? ErrorOf(JsonNode? o) => (string?)o?["status"]?["error"]?["message"];

    [Fact]
    public async Task Snapshot_OfBoundClaim_GetsBoundContentNotReadyThenReadyAfterTheDelay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T10:00:00Z"));
        await using var cluster = await StartAsync(time, readyDelay: TimeSpan.FromMinutes(2));
        using var client = await ConnectWithClaimAsync(cluster);
        var pv = await client.CoreV1.ReadPersistentVolumeAsync((await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", Ns)).Spec.VolumeName);

        await CreateSnapshotAsync(client, Snapshot("before-upgrade", "data", "ebs-delete"));
        var cut = await UntilSnapshotAsync(client, "before-upgrade", s => s["status"]?["creationTime"] is not null, "snapshot cut");
        var contentName = (string)cut!["status"]!["boundVolumeSnapshotContentName"]!;
        var contentCut = await GetContentAsync(client, contentName);
        time.Advance(TimeSpan.FromMinutes(2));
        var ready = await UntilSnapshotAsync(client, "before-upgrade", Ready, "snapshot ready");
        var content = await GetContentAsync(client, contentName);

        Assert.False((bool)cut["status"]!["readyToUse"]!);
        Assert.Equal("snapcontent-" + (string)cut["metadata"]!["uid"]!, contentName);
        Assert.Equal("2026-12-07T10:00:00Z", (string?)ready!["status"]!["creationTime"]);
        Assert.Equal("8Gi", (string?)ready["status"]!["restoreSize"]);
        Assert.Null(ready["status"]!["error"]);
        Assert.False((bool)contentCut!["status"]!["readyToUse"]!);
        var spec = content!["spec"]!;
        Assert.Equal(("before-upgrade", Ns, (string?)cut["metadata"]!["uid"]),
            ((string?)spec["volumeSnapshotRef"]!["name"], (string?)spec["volumeSnapshotRef"]!["namespace"], (string?)spec["volumeSnapshotRef"]!["uid"]));
        Assert.Equal(("Delete", "ebs.csi.aws.com", "ebs-delete", pv.Spec.Csi.VolumeHandle),
            ((string?)spec["deletionPolicy"], (string?)spec["driver"], (string?)spec["volumeSnapshotClassName"], (string?)spec["source"]!["volumeHandle"]));
        Assert.StartsWith("snap-", (string?)content["status"]!["snapshotHandle"]);
        Assert.Equal(8L * 1024 * 1024 * 1024, (long?)content["status"]!["restoreSize"]);
        Assert.True((bool)content["status"]!["readyToUse"]!);
        // every object the simulator wrote validates against the real CRDs
        Assert.Empty(cluster.Catalog.Validate("snapshot.storage.k8s.io/v1", "VolumeSnapshotContent", content, strict: true));
        Assert.Empty(cluster.Catalog.Validate("snapshot.storage.k8s.io/v1", "VolumeSnapshot", ready, strict: true));
    }

    [Fact]
    public async Task Snapshot_WithoutClass_GetsTheDefaultClassOfTheClaimsDriver()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster);

        await CreateSnapshotAsync(client, Snapshot("nightly", "data"));
        var ready = await UntilSnapshotAsync(client, "nightly", Ready, "snapshot ready");
        var content = await GetContentAsync(client, (string)ready!["status"]!["boundVolumeSnapshotContentName"]!);

        Assert.Equal("ebs-retain", (string?)ready["spec"]!["volumeSnapshotClassName"]);
        Assert.Equal("Retain", (string?)content!["spec"]!["deletionPolicy"]);
    }

    [Fact]
    public async Task Snapshot_ClassMissing_ErrorInStatusAndNoContent()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster);

        await CreateSnapshotAsync(client, Snapshot("s1", "data", "gold"));
        var failed = await UntilSnapshotAsync(client, "s1", s => ErrorOf(s) is not null, "error reported");

        Assert.Equal("Failed to create snapshot content with error failed to get input parameters to create snapshot s1: "
            + "\"volumesnapshotclass.snapshot.storage.k8s.io \\\"gold\\\" not found\"", ErrorOf(failed));
        Assert.NotNull(failed!["status"]!["error"]!["time"]);
        Assert.False((bool)failed["status"]!["readyToUse"]!);
        Assert.Empty(await ListContentsAsync(client));
        var events = await client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.name=s1");
        Assert.Contains(events.Items, e => e.Type == "Warning" && e.Reason == "SnapshotContentCreationFailed");
    }

    [Fact]
    public async Task Snapshot_ClassOfAnotherDriver_ErrorOnContentAndSnapshot()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster);

        await CreateSnapshotAsync(client, Snapshot("s1", "data", "longhorn-snap"));
        var failed = await UntilSnapshotAsync(client, "s1", s => ErrorOf(s) is not null, "error reported");
        var content = await GetContentAsync(client, (string)failed!["status"]!["boundVolumeSnapshotContentName"]!);

        Assert.StartsWith("Failed to check and update snapshot content: failed to take snapshot of the volume vol-", ErrorOf(failed));
        Assert.Contains("driver driver.longhorn.io cannot snapshot a volume of driver ebs.csi.aws.com", ErrorOf(failed));
        Assert.Equal(ErrorOf(failed), ErrorOf(content));
        Assert.False(Ready(content));
        Assert.Null(content!["status"]!["snapshotHandle"]);
    }

    [Theory]
    [InlineData("ghost", "ebs-retain", "Failed to create snapshot content with error failed to get input parameters to create snapshot s1: \"failed to retrieve PVC ghost from the lister: \\\"persistentvolumeclaim \\\\\\\"ghost\\\\\\\" not found\\\"\"")]
    [InlineData("ghost", null, "Failed to set default snapshot class with error failed to retrieve PVC ghost from the lister: \"persistentvolumeclaim \\\"ghost\\\" not found\"")]
    [InlineData("unbound", "ebs-retain", "Failed to create snapshot content with error failed to get input parameters to create snapshot s1: \"the PVC unbound is not yet bound to a PV, will not attempt to take a snapshot\"")]
    [InlineData("unbound", null, "Failed to set default snapshot class with error the PVC unbound is not yet bound to a PV, will not attempt to take a snapshot")]
    [InlineData("shared", null, "Failed to set default snapshot class with error cannot find default snapshot class")]
    public async Task Snapshot_ClaimProblems_ErrorWordedAsTheSnapshotController(string claim, string? className, string expected)
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster, claim: "");
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Kube.Claim("unbound", "no-such-class"), Ns);
        await CreateBoundClaimAsync(client, "shared", "files"); // efs: no snapshot class for its driver

        await CreateSnapshotAsync(client, Snapshot("s1", claim, className));
        var failed = await UntilSnapshotAsync(client, "s1", s => ErrorOf(s) is not null, "error reported");

        Assert.Equal(expected, ErrorOf(failed));
        Assert.Empty(await ListContentsAsync(client));
    }

    [Fact]
    public async Task Snapshot_TwoDefaultClassesForTheDriver_Error()
    {
        await using var cluster = await StartAsync(snapshotClasses: [new("a", "ebs.csi.aws.com", IsDefault: true), new("b", "ebs.csi.aws.com", IsDefault: true)]);
        using var client = await ConnectWithClaimAsync(cluster);

        await CreateSnapshotAsync(client, Snapshot("s1", "data"));
        var failed = await UntilSnapshotAsync(client, "s1", s => ErrorOf(s) is not null, "error reported");

        Assert.Equal("Failed to set default snapshot class with error 2 default snapshot classes were found", ErrorOf(failed));
    }

    [Fact]
    public async Task Snapshot_ClaimBoundLater_ErrorClearsAndSnapshotBecomesReady()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster, claim: "");

        await CreateSnapshotAsync(client, Snapshot("s1", "late", "ebs-retain"));
        await UntilSnapshotAsync(client, "s1", s => ErrorOf(s) is not null, "error reported");
        await CreateBoundClaimAsync(client, "late", "gp3");
        var ready = await UntilSnapshotAsync(client, "s1", Ready, "ready once the claim is bound");

        Assert.Null(ready!["status"]!["error"]);
    }

    [Fact]
    public async Task DeleteSnapshot_DeletePolicyRemovesContent_RetainKeepsIt()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster);
        await CreateSnapshotAsync(client, Snapshot("gone", "data", "ebs-delete"));
        await CreateSnapshotAsync(client, Snapshot("kept", "data", "ebs-retain"));
        var gone = await UntilSnapshotAsync(client, "gone", Ready, "ready");
        var kept = await UntilSnapshotAsync(client, "kept", Ready, "ready");

        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, "v1", Ns, "volumesnapshots", "gone");
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, "v1", Ns, "volumesnapshots", "kept");
        var contents = await Eventually.UntilAsync<List<JsonNode>>(async () => await ListContentsAsync(client), l => l.Count == 1, "the Delete content removed");
        await Task.Delay(300); // a few more controller steps: the retained one stays

        var left = Assert.Single(await ListContentsAsync(client));
        Assert.Equal((string?)kept!["status"]!["boundVolumeSnapshotContentName"], (string?)left["metadata"]!["name"]);
        Assert.Equal("kept", (string?)left["spec"]!["volumeSnapshotRef"]!["name"]);
        Assert.True(Ready(left));
        Assert.NotEqual((string?)gone!["status"]!["boundVolumeSnapshotContentName"], (string?)contents[0]["metadata"]!["name"]);
    }

    [Fact]
    public async Task DeleteContent_UnderAReadySnapshot_SnapshotReportsItMissingAndIsNotCutAgain()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster);
        await CreateSnapshotAsync(client, Snapshot("s1", "data", "ebs-retain"));
        var ready = await UntilSnapshotAsync(client, "s1", Ready, "ready");

        await client.CustomObjects.DeleteClusterCustomObjectAsync(Group, "v1", "volumesnapshotcontents", (string)ready!["status"]!["boundVolumeSnapshotContentName"]!);
        var missing = await UntilSnapshotAsync(client, "s1", s => ErrorOf(s) is not null, "missing content reported");
        await Task.Delay(300);

        Assert.Equal("VolumeSnapshotContent is missing", ErrorOf(missing));
        Assert.False(Ready(missing));
        Assert.Empty(await ListContentsAsync(client));
    }

    [Fact]
    public async Task PreProvisionedContent_OfARetainedSnapshot_BindsAndIsReady_UnknownHandleFails()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster);
        await CreateSnapshotAsync(client, Snapshot("original", "data", "ebs-retain"));
        var original = await UntilSnapshotAsync(client, "original", Ready, "ready");
        var handle = (string)(await GetContentAsync(client, (string)original!["status"]!["boundVolumeSnapshotContentName"]!))!["status"]!["snapshotHandle"]!;

        await client.CustomObjects.CreateClusterCustomObjectAsync(Content("imported", handle, "copy"), Group, "v1", "volumesnapshotcontents");
        await client.CustomObjects.CreateClusterCustomObjectAsync(Content("bogus", "snap-0000", "nothing"), Group, "v1", "volumesnapshotcontents");
        await CreateSnapshotAsync(client, Snapshot("copy", claim: null, contentName: "imported"));
        await CreateSnapshotAsync(client, Snapshot("nothing", claim: null, contentName: "bogus"));
        await CreateSnapshotAsync(client, Snapshot("orphan", claim: null, contentName: "missing"));
        var copy = await UntilSnapshotAsync(client, "copy", Ready, "imported snapshot ready");
        var nothing = await UntilSnapshotAsync(client, "nothing", s => ErrorOf(s) is not null, "unknown handle reported");
        var orphan = await UntilSnapshotAsync(client, "orphan", s => ErrorOf(s) is not null, "missing content reported");
        var imported = await GetContentAsync(client, "imported");

        Assert.Equal("imported", (string?)copy!["status"]!["boundVolumeSnapshotContentName"]);
        Assert.Equal("8Gi", (string?)copy["status"]!["restoreSize"]);
        Assert.Equal((string?)copy["metadata"]!["uid"], (string?)imported!["spec"]!["volumeSnapshotRef"]!["uid"]);
        Assert.Equal("Failed to check and update snapshot content: failed to list snapshot for content bogus: \"rpc error: code = NotFound desc = snapshot snap-0000 not found\"",
            ErrorOf(nothing));
        Assert.Equal("VolumeSnapshotContent is missing", ErrorOf(orphan));
    }

    internal static JsonObject Content(string name, string handle, string snapshot) => new()
    {
        ["apiVersion"] = "snapshot.storage.k8s.io/v1",
        ["kind"] = "VolumeSnapshotContent",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["deletionPolicy"] = "Retain",
            ["driver"] = "ebs.csi.aws.com",
            ["source"] = new JsonObject { ["snapshotHandle"] = handle },
            ["volumeSnapshotRef"] = new JsonObject { ["name"] = snapshot, ["namespace"] = Ns },
        },
    };

    [Fact]
    public async Task ClaimFromSnapshot_PendingUntilReady_TooSmallSaysWhy_ThenBoundWithTheSnapshotsData()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster);
        cluster.Faults.SnapshotsNeverReady(Ns);
        await CreateSnapshotAsync(client, Snapshot("s1", "data"));
        await UntilSnapshotAsync(client, "s1", s => s["status"]?["creationTime"] is not null, "cut");

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(FromSnapshot("restored", "s1", "8Gi"), Ns);
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(FromSnapshot("small", "s1", "4Gi"), Ns);
        var waiting = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("restored", Ns),
            c => c.Status?.Conditions?.Count > 0, "waiting reported");
        cluster.Faults.Reset();
        var bound = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("restored", Ns), c => c.Status?.Phase == "Bound", "restored");
        var small = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("small", Ns),
            c => c.Status?.Conditions?.Any(x => x.Message.Contains("less than", StringComparison.Ordinal)) == true, "too small reported");
        var pv = await client.CoreV1.ReadPersistentVolumeAsync(bound.Spec.VolumeName);
        var events = await client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.name=small");

        Assert.Equal("Pending", waiting.Status.Phase);
        Assert.Equal("failed to provision volume with StorageClass \"gp3\": error getting handle for DataSource Type VolumeSnapshot by Name s1: snapshot s1 is not Ready",
            waiting.Status.Conditions.Single().Message);
        Assert.Equal("8Gi", bound.Status.Capacity["storage"].ToString());
        Assert.Equal($"{Ns}/s1", pv.Metadata.Annotations["snapshot.simulator.local/restored-from"]);
        Assert.StartsWith("snap-", pv.Metadata.Annotations["snapshot.simulator.local/snapshot-handle"]);
        Assert.Equal("Pending", small.Status.Phase);
        Assert.Equal("failed to provision volume with StorageClass \"gp3\": error getting handle for DataSource Type VolumeSnapshot by Name s1: "
            + "requested volume size 4294967296 is less than the size 8589934592 for the source snapshot s1", small.Status.Conditions.Single().Message);
        Assert.Contains(events.Items, e => e.Reason == "ProvisioningFailed" && e.Message.Contains("less than", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClaimFromSnapshot_SnapshotMissing_StaysPending()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster, claim: "");

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(FromSnapshot("restored", "nope", "8Gi"), Ns);
        var pending = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("restored", Ns),
            c => c.Status?.Conditions?.Count > 0, "reported");

        Assert.Equal("failed to provision volume with StorageClass \"gp3\": error getting handle for DataSource Type VolumeSnapshot by Name nope: "
            + "error getting snapshot nope from api server: volumesnapshots.snapshot.storage.k8s.io \"nope\" not found", pending.Status.Conditions.Single().Message);
    }

    internal static V1PersistentVolumeClaim FromSnapshot(string name, string snapshot, string size)
    {
        var claim = Kube.Claim(name, "gp3", size);
        claim.Spec.DataSource = new V1TypedLocalObjectReference { ApiGroup = Group, Kind = "VolumeSnapshot", Name = snapshot };
        return claim;
    }

    [Fact]
    public async Task Faults_FailingDriver_ErrorOnContentAndSnapshot_SlowNamespaceWaits()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T10:00:00Z"));
        await using var cluster = await StartAsync(time);
        using var client = await ConnectWithClaimAsync(cluster);
        await Kube.CreateNamespaceAsync(client, "other");
        cluster.Faults.FailSnapshots(Ns, "rpc error: code = ResourceExhausted desc = snapshot quota exceeded");
        cluster.Faults.SlowSnapshots("other", TimeSpan.FromHours(1));

        await CreateSnapshotAsync(client, Snapshot("s1", "data"));
        var failed = await UntilSnapshotAsync(client, "s1", s => ErrorOf(s) is not null, "error reported");
        var content = await GetContentAsync(client, (string)failed!["status"]!["boundVolumeSnapshotContentName"]!);
        var c = Kube.Claim("db", "gp3");
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(c, "other");
        await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("db", "other"), x => x.Status?.Phase == "Bound", "bound");
        var slow = Snapshot("slow", "db");
        slow["metadata"]!["namespace"] = "other";
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(slow, Group, "v1", "other", "volumesnapshots");
        await Eventually.UntilAsync(() => Kube.GetCustomAsync(client, Group, "v1", "other", "volumesnapshots", "slow"),
            s => s["status"]?["creationTime"] is not null, "cut");
        await Task.Delay(300);
        var stillNotReady = await Kube.GetCustomAsync(client, Group, "v1", "other", "volumesnapshots", "slow");
        time.Advance(TimeSpan.FromHours(1));
        await Eventually.UntilAsync(() => Kube.GetCustomAsync(client, Group, "v1", "other", "volumesnapshots", "slow"), Ready, "ready after the hour");

        Assert.Equal("Failed to check and update snapshot content: failed to take snapshot of the volume "
            + (string?)content!["spec"]!["source"]!["volumeHandle"] + ": \"rpc error: code = ResourceExhausted desc = snapshot quota exceeded\"", ErrorOf(failed));
        Assert.Equal(ErrorOf(failed), ErrorOf(content));
        Assert.False(Ready(stillNotReady));
    }

    [Fact]
    public async Task Validation_AgainstTheRealCrds_UnknownFieldAndBadEnumRefused()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster, claim: "");
        using var api = new ApiClient(cluster);

        var unknown = Snapshot("s1", "data");
        unknown["spec"]!["retention"] = "7d";
        var (unknownCode, unknownBody) = await api.PostAsync($"/apis/{Group}/v1/namespaces/{Ns}/volumesnapshots?fieldValidation=Strict", unknown);
        var badPolicy = new JsonObject
        {
            ["apiVersion"] = "snapshot.storage.k8s.io/v1", ["kind"] = "VolumeSnapshotClass",
            ["metadata"] = new JsonObject { ["name"] = "bad" }, ["driver"] = "ebs.csi.aws.com", ["deletionPolicy"] = "Keep",
        };
        var (policyCode, policyBody) = await api.PostAsync($"/apis/{Group}/v1/volumesnapshotclasses", badPolicy);
        var noSource = Snapshot("s2", claim: null);
        var (sourceCode, _) = await api.PostAsync($"/apis/{Group}/v1/namespaces/{Ns}/volumesnapshots", noSource);
        var contentWithoutRef = Content("c1", "snap-1", "x");
        contentWithoutRef["spec"]!.AsObject().Remove("volumeSnapshotRef");
        var (refCode, _) = await api.PostAsync($"/apis/{Group}/v1/volumesnapshotcontents", contentWithoutRef);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownCode);
        Assert.Contains("retention", unknownBody!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, policyCode);
        Assert.Contains("Keep", policyBody!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sourceCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refCode);
    }
}
