using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Portal.ClusterSimulator.Tests.Support;
using static Portal.ClusterSimulator.Tests.CsiSnapshotTests;

namespace Portal.ClusterSimulator.Tests;

/// <summary>VolumeGroupSnapshots (served only when the cluster enables them) and the PersistentVolume reclaim policy (by the
/// claim's uid; a Released volume switched to Delete is removed).</summary>
public sealed class CsiGroupSnapshotTests
{
    private const string GroupApi = "groupsnapshot.storage.k8s.io";

    private static JsonObject GroupSnapshot(string name, JsonObject selector, string? className = null)
    {
        var spec = new JsonObject { ["source"] = new JsonObject { ["selector"] = selector } };
        if (className is not null) spec["volumeGroupSnapshotClassName"] = className;
        return new JsonObject
        {
            ["apiVersion"] = "groupsnapshot.storage.k8s.io/v1",
            ["kind"] = "VolumeGroupSnapshot",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
            ["spec"] = spec,
        };
    }

    private static JsonObject Labels(string app) => new() { ["matchLabels"] = new JsonObject { ["app"] = app } };

    private static async Task<JsonNode?> GetGroupAsync(Kubernetes client, string name) =>
        await Kube.GetCustomAsync(client, GroupApi, "v1", Ns, "volumegroupsnapshots", name);

    private static async Task<List<JsonNode>> ListAsync(Kubernetes client, string group, string plural, string? ns = null)
    {
        var list = ns is null
            ? await client.CustomObjects.ListClusterCustomObjectAsync(group, "v1", plural)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync(group, "v1", ns, plural);
        return JsonNode.Parse(((JsonElement)list).GetRawText())!["items"]!.AsArray().Select(i => i!).ToList();
    }

    [Fact]
    public async Task Discovery_GroupSnapshotsServedOnlyWhenEnabled()
    {
        await using var off = await StartAsync();
        await using var on = await StartAsync(groups: true);
        using var offApi = new ApiClient(off);
        using var onApi = new ApiClient(on);

        var (offGroups, _) = await offApi.GetAsync("/apis/groupsnapshot.storage.k8s.io");
        var (offList, _) = await offApi.GetAsync($"/apis/{GroupApi}/v1/namespaces/{Ns}/volumegroupsnapshots");
        var (onCode, onGroup) = await onApi.GetAsync("/apis/groupsnapshot.storage.k8s.io");
        var (classesCode, classes) = await onApi.GetAsync($"/apis/{GroupApi}/v1/volumegroupsnapshotclasses");

        Assert.Equal(HttpStatusCode.NotFound, offGroups);
        Assert.Equal(HttpStatusCode.NotFound, offList);
        Assert.Equal(HttpStatusCode.OK, onCode);
        Assert.Contains("v1", onGroup!["versions"]!.AsArray().Select(v => (string?)v!["version"]));
        Assert.Equal(HttpStatusCode.OK, classesCode);
        Assert.Equal("ebs-group", (string?)classes!["items"]![0]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task GroupSnapshot_OfLabelledClaims_OneSnapshotPerClaimSameTimeReadyWhenAllAre()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T10:00:00Z"));
        await using var cluster = await StartAsync(time, readyDelay: TimeSpan.FromMinutes(1), groups: true);
        using var client = await ConnectWithClaimAsync(cluster, claim: "");
        await CreateBoundClaimAsync(client, "db-data", "gp3", "20Gi", new Dictionary<string, string> { ["app"] = "shop" });
        await CreateBoundClaimAsync(client, "db-wal", "gp3", "5Gi", new Dictionary<string, string> { ["app"] = "shop" });
        await CreateBoundClaimAsync(client, "other", "gp3", "1Gi", new Dictionary<string, string> { ["app"] = "blog" });

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(GroupSnapshot("shop-consistent", Labels("shop")), GroupApi, "v1", Ns, "volumegroupsnapshots");
        var cut = await Eventually.UntilAsync(() => GetGroupAsync(client, "shop-consistent"), g => g["status"]?["creationTime"] is not null, "group cut");
        var members = await Eventually.UntilAsync(async () => await ListAsync(client, Group, "volumesnapshots", Ns),
            l => l.Count == 2 && l.All(s => s["status"]?["boundVolumeSnapshotContentName"] is not null), "members bound");
        time.Advance(TimeSpan.FromMinutes(1));
        var ready = await Eventually.UntilAsync(() => GetGroupAsync(client, "shop-consistent"), Ready, "group ready");
        var readyMembers = await Eventually.UntilAsync(async () => await ListAsync(client, Group, "volumesnapshots", Ns), l => l.All(Ready), "members ready");
        var groupContent = await Eventually.UntilAsync(async () => await ListAsync(client, GroupApi, "volumegroupsnapshotcontents"), l => l.Count == 1, "group content");

        Assert.False(Ready(cut));
        Assert.All(members, m => Assert.False(Ready(m)));
        Assert.Equal("ebs-group", (string?)ready!["spec"]!["volumeGroupSnapshotClassName"]);
        Assert.Equal("groupsnapcontent-" + (string?)ready["metadata"]!["uid"], (string?)ready["status"]!["boundVolumeGroupSnapshotContentName"]);
        Assert.Equal("20Gi,5Gi", string.Join(",", readyMembers.Select(m => (string?)m["status"]!["restoreSize"]).Order(StringComparer.Ordinal)));
        Assert.Single(readyMembers.Select(m => (string?)m["status"]!["creationTime"]).Distinct());
        Assert.All(readyMembers, m => Assert.Equal("shop-consistent", (string?)m["status"]!["volumeGroupSnapshotName"]));
        Assert.Equal("db-data,db-wal", string.Join(",", readyMembers.Select(m => (string?)m["metadata"]!["annotations"]!["snapshot.simulator.local/source-claim"]).Order(StringComparer.Ordinal)));
        var gc = groupContent[0];
        Assert.Equal(2, gc["spec"]!["source"]!["volumeHandles"]!.AsArray().Count);
        Assert.Equal(2, gc["status"]!["volumeSnapshotInfoList"]!.AsArray().Count);
        Assert.True(Ready(gc));
        Assert.Empty(cluster.Catalog.Validate("groupsnapshot.storage.k8s.io/v1", "VolumeGroupSnapshotContent", gc, strict: true));
        Assert.Empty(cluster.Catalog.Validate("groupsnapshot.storage.k8s.io/v1", "VolumeGroupSnapshot", ready, strict: true));
        foreach (var m in readyMembers) Assert.Empty(cluster.Catalog.Validate("snapshot.storage.k8s.io/v1", "VolumeSnapshot", m, strict: true));

        // a member restores like any snapshot
        var restored = FromSnapshot("db-data-copy", (string)readyMembers.Single(m => (string?)m["status"]!["restoreSize"] == "20Gi")["metadata"]!["name"]!, "20Gi");
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(restored, Ns);
        await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("db-data-copy", Ns), c => c.Status?.Phase == "Bound", "restored");

        // deleting the group deletes its members, and (deletionPolicy Delete) every content
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(GroupApi, "v1", Ns, "volumegroupsnapshots", "shop-consistent");
        await Eventually.UntilAsync(async () => await ListAsync(client, Group, "volumesnapshots", Ns), l => l.Count == 0, "members deleted");
        await Eventually.UntilAsync(async () => await ListAsync(client, Group, "volumesnapshotcontents"), l => l.Count == 0, "member contents deleted");
        await Eventually.UntilAsync(async () => await ListAsync(client, GroupApi, "volumegroupsnapshotcontents"), l => l.Count == 0, "group content deleted");
    }

    [Fact]
    public async Task GroupSnapshot_NoClaimMatches_Error()
    {
        await using var cluster = await StartAsync(groups: true);
        using var client = await ConnectWithClaimAsync(cluster);

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(GroupSnapshot("g", Labels("nothing")), GroupApi, "v1", Ns, "volumegroupsnapshots");
        var failed = await Eventually.UntilAsync(() => GetGroupAsync(client, "g"), g => ErrorOf(g) is not null, "error");

        Assert.Equal("failed to create group snapshot content with error failed to get input parameters to create group snapshot g: "
            + "\"label selector app=nothing for group snapshot not applied to any PVC\"", ErrorOf(failed));
        Assert.False(Ready(failed));
    }

    [Fact]
    public async Task GroupSnapshot_NoGroupClassForTheDriver_Error_NamedClassMissing_Error()
    {
        await using var cluster = await StartAsync(groups: true);
        using var client = await ConnectWithClaimAsync(cluster, claim: "");
        await CreateBoundClaimAsync(client, "files", "files", "1Gi", new Dictionary<string, string> { ["app"] = "cms" });

        await client.CustomObjects.CreateNamespacedCustomObjectAsync(GroupSnapshot("g", Labels("cms")), GroupApi, "v1", Ns, "volumegroupsnapshots");
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(GroupSnapshot("h", Labels("cms"), "platinum"), GroupApi, "v1", Ns, "volumegroupsnapshots");
        var noDefault = await Eventually.UntilAsync(() => GetGroupAsync(client, "g"), g => ErrorOf(g) is not null, "error");
        var missing = await Eventually.UntilAsync(() => GetGroupAsync(client, "h"), g => ErrorOf(g) is not null, "error");

        Assert.Equal("Failed to set default group snapshot class with error cannot find default group snapshot class", ErrorOf(noDefault));
        Assert.Equal("failed to create group snapshot content with error failed to get input parameters to create group snapshot h: "
            + "\"volumegroupsnapshotclass.groupsnapshot.storage.k8s.io \\\"platinum\\\" not found\"", ErrorOf(missing));
    }

    [Fact]
    public async Task GroupSnapshot_BothSourcesSet_RefusedByTheCrdRule()
    {
        await using var cluster = await StartAsync(groups: true);
        using var api = new ApiClient(cluster);
        using var client = await ConnectWithClaimAsync(cluster, claim: "");

        var both = GroupSnapshot("g", Labels("x"));
        both["spec"]!["source"]!["volumeGroupSnapshotContentName"] = "c";
        var (code, body) = await api.PostAsync($"/apis/{GroupApi}/v1/namespaces/{Ns}/volumegroupsnapshots", both);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("exactly one of selector and volumeGroupSnapshotContentName must be set", body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteClaim_ReclaimPolicyDeleteRemovesVolume_PatchedToRetainKeepsItReleased()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster, claim: "");
        var doomed = await CreateBoundClaimAsync(client, "doomed", "gp3");
        var kept = await CreateBoundClaimAsync(client, "kept", "gp3");
        var applied = await CreateBoundClaimAsync(client, "applied", "gp3");

        var patched = await client.CoreV1.PatchPersistentVolumeAsync(
            new V1Patch("""{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}""", V1Patch.PatchType.MergePatch), kept.Spec.VolumeName);
        var apply = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "PersistentVolume", ["metadata"] = new JsonObject { ["name"] = applied.Spec.VolumeName },
            ["spec"] = new JsonObject { ["persistentVolumeReclaimPolicy"] = "Retain" },
        }.ToJsonString();
        var appliedPv = await client.CoreV1.PatchPersistentVolumeAsync(new V1Patch(apply, V1Patch.PatchType.ApplyPatch), applied.Spec.VolumeName,
            fieldManager: "portal", force: true);
        foreach (var name in new[] { "doomed", "kept", "applied" }) await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, Ns);
        var released = await Eventually.UntilAsync(() => client.CoreV1.ReadPersistentVolumeAsync(kept.Spec.VolumeName), v => v.Status?.Phase == "Released", "released");
        var releasedApplied = await Eventually.UntilAsync(() => client.CoreV1.ReadPersistentVolumeAsync(applied.Spec.VolumeName), v => v.Status?.Phase == "Released", "released");
        var volumes = await Eventually.UntilAsync(() => client.CoreV1.ListPersistentVolumeAsync(), l => l.Items.Count == 2, "the Delete volume removed");

        Assert.Equal("Retain", patched.Spec.PersistentVolumeReclaimPolicy);
        Assert.Equal("Retain", appliedPv.Spec.PersistentVolumeReclaimPolicy);
        Assert.Equal(("kept", Ns, kept.Metadata.Uid), (released.Spec.ClaimRef.Name, released.Spec.ClaimRef.NamespaceProperty, released.Spec.ClaimRef.Uid));
        Assert.Equal("applied", releasedApplied.Spec.ClaimRef.Name);
        Assert.DoesNotContain(volumes.Items, v => v.Metadata.Name == doomed.Spec.VolumeName);
    }

    [Fact]
    public async Task DeleteClaim_MadeAgainWithTheSameNameAtOnce_OldVolumeIsReleased_TheClaimOfItsUidIsGone()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster, claim: "");
        var old = await CreateBoundClaimAsync(client, "data", "gp3");
        await client.CoreV1.PatchPersistentVolumeAsync(
            new V1Patch("""{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}""", V1Patch.PatchType.MergePatch), old.Spec.VolumeName);

        // deleted and made again between two passes of the controller, as a rollback does: same name, another uid
        cluster.Store.Delete("v1", "PersistentVolumeClaim", Ns, "data");
        cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim", ["metadata"] = new JsonObject { ["name"] = "data", ["namespace"] = Ns },
            ["spec"] = new JsonObject
            {
                ["accessModes"] = new JsonArray("ReadWriteOnce"), ["storageClassName"] = "gp3",
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "8Gi" } },
            },
        });
        var again = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", Ns), c => c.Status?.Phase == "Bound", "made again");
        var released = await Eventually.UntilAsync(() => client.CoreV1.ReadPersistentVolumeAsync(old.Spec.VolumeName), v => v.Status?.Phase == "Released",
            "the old volume released");

        Assert.NotEqual(old.Metadata.Uid, again.Metadata.Uid);
        Assert.NotEqual(old.Spec.VolumeName, again.Spec.VolumeName);
        Assert.Equal(old.Metadata.Uid, released.Spec.ClaimRef.Uid);
    }

    [Fact]
    public async Task ReleasedVolume_ReclaimPolicySwitchedToDeleteAfterwards_IsDeleted()
    {
        await using var cluster = await StartAsync();
        using var client = await ConnectWithClaimAsync(cluster, claim: "");
        var claim = await CreateBoundClaimAsync(client, "data", "gp3");
        var retainOnly = await CreateBoundClaimAsync(client, "kept", "gp3");
        foreach (var volume in new[] { claim.Spec.VolumeName, retainOnly.Spec.VolumeName })
            await client.CoreV1.PatchPersistentVolumeAsync(new V1Patch("""{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}""", V1Patch.PatchType.MergePatch), volume);
        foreach (var name in new[] { "data", "kept" }) await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, Ns);
        foreach (var volume in new[] { claim.Spec.VolumeName, retainOnly.Spec.VolumeName })
            await Eventually.UntilAsync(() => client.CoreV1.ReadPersistentVolumeAsync(volume), v => v.Status?.Phase == "Released", "released");

        await client.CoreV1.PatchPersistentVolumeAsync(
            new V1Patch("""{"spec":{"persistentVolumeReclaimPolicy":"Delete"}}""", V1Patch.PatchType.MergePatch), claim.Spec.VolumeName);
        var volumes = await Eventually.UntilAsync(() => client.CoreV1.ListPersistentVolumeAsync(), l => l.Items.All(v => v.Metadata.Name != claim.Spec.VolumeName),
            "the volume switched to Delete removed");

        Assert.Contains(volumes.Items, v => v.Metadata.Name == retainOnly.Spec.VolumeName && v.Status?.Phase == "Released");
    }
}
