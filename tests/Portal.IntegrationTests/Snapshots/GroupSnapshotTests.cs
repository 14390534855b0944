using System.Text.Json.Nodes;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots;
using Portal.Application.Features.Tenants;
using Portal.ClusterSimulator;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;
using static Portal.IntegrationTests.Snapshots.ClaimRestoreWorld;

namespace Portal.IntegrationTests.Snapshots;

/// <summary>Group snapshots end to end on PostgreSQL and the simulator: prod-east serves <c>groupsnapshot.storage.k8s.io</c> (the
/// demo's primary), so a workload's two bound claims are cut as one VolumeGroupSnapshot whose member VolumeSnapshots share one
/// creation time; dr-west does not serve it, so the group is refused in words.</summary>
public sealed class GroupSnapshotTests
{
    private const string GroupApi = "groupsnapshot.storage.k8s.io/v1";
    private static readonly WorkloadReference Indexer = new("Deployment", "report-indexer");

    private static JsonObject ClaimLike(JsonObject model, string ns, string name) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = model["spec"]!["accessModes"]!.DeepClone(),
            ["storageClassName"] = model["spec"]!["storageClassName"]!.DeepClone(),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "1Gi" } },
        },
    };

    private static JsonObject Mounting(string ns, string name, params string[] claims) => new()
    {
        ["apiVersion"] = "apps/v1", ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app", ["image"] = "busybox:1.36",
                        ["volumeMounts"] = new JsonArray(claims.Select((c, i) => (JsonNode)new JsonObject { ["name"] = $"v{i}", ["mountPath"] = $"/data/{i}" }).ToArray()),
                    }),
                    ["volumes"] = new JsonArray(claims.Select((c, i) => (JsonNode)new JsonObject
                    {
                        ["name"] = $"v{i}", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = c },
                    }).ToArray()),
                },
            },
        },
    };

    private static async Task AddBoundClaimAsync(SimulatedCluster cluster, JsonObject model, string ns, string name)
    {
        cluster.Store.Put(ClaimLike(model, ns, name));
        await Eventually.UntilAsync(() => Task.FromResult(cluster.Store.Get("v1", "PersistentVolumeClaim", ns, name)),
            c => Text(c?["status"]?["phase"]) == "Bound", $"claim {name} bound");
    }

    [Fact]
    public async Task GroupSnapshot_OfAWorkloadsTwoClaims_OneGroup_MembersShareOneCreationTime_ReadyAndListed()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        await AddBoundClaimAsync(w.Cluster, ClaimOf(w.Cluster, Claim)!, Ns, "report-index");
        w.Cluster.Store.Put(Mounting(Ns, Indexer.Name, Claim, "report-index"));

        var id = MigrationWorld.Ok(await w.AsAsync<SnapshotNow, Result<Guid>>(w.Sam, u => u.HandleAsync(
            new SnapshotNowCommand(w.ReportsId, [], Indexer, null, true, SnapshotConsistency.None, "one point across both claims"))));
        var done = await w.WaitAsync(id);

        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        var group = Assert.Single(w.Cluster.Store.List(GroupApi, "VolumeGroupSnapshot", Ns));
        var groupName = Text(group["metadata"]?["name"])!;
        Assert.True(group["status"]?["readyToUse"]?.GetValue<bool>());
        var members = w.Cluster.Store.List("snapshot.storage.k8s.io/v1", "VolumeSnapshot", Ns)
            .Where(s => Text(s["status"]?["volumeGroupSnapshotName"]) == groupName).ToList();
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.True(m["status"]?["readyToUse"]?.GetValue<bool>()));
        var created = members.Select(m => Text(m["status"]?["creationTime"])).Distinct().ToList();
        Assert.True(created.Count == 1 && created[0] is not null, string.Join(", ", created)); // one consistent point

        var list = MigrationWorld.Ok(await w.AsAsync<ListSnapshots, Result<SnapshotListView>>(w.Sam, u => u.HandleAsync(new ListSnapshotsQuery(w.ReportsId))));
        var rows = list.Snapshots.Items.Where(r => r.GroupName == groupName).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Ready));
        Assert.Equal(2, rows.Select(r => r.ContentName).Distinct().Count()); // one member (and content) per claim
        // A member names no claim on the cluster: its claim is read through the group content's handles and the volumes.
        Assert.Equal(new[] { Claim, "report-index" }.Order(StringComparer.Ordinal), rows.Select(r => r.Claim).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(r.MadeByPortal, $"{r.Name} is a member of the portal's group: the portal's"));
        Assert.Equal(id.ToString(), Text(group["metadata"]?["labels"]?[Portal.Domain.Common.PortalLabels.RequestId]));
        Assert.True(list.GroupSnapshotsServed);

        // The protection follower records the members with their claims too, so a group snapshot counts for each claim.
        await w.W.Portal.StartFollowerAsync();
        var memberNames = rows.Select(r => r.Name).ToList();
        var observed = await Eventually.UntilAsync(async () =>
        {
            await using var db = await w.W.Portal.OpenAllAsync();
            var found = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.ObservedSnapshots.Where(o => o.ClusterId == w.W.SourceId && o.Namespace == Ns && memberNames.Contains(o.Name)));
            return found;
        }, found => found.Count == 2, "the follower's records of both members", 30_000);
        Assert.Equal(new[] { Claim, "report-index" }.Order(StringComparer.Ordinal), observed.Select(o => o.ClaimName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GroupSnapshot_OnAClusterThatDoesNotServeTheApi_IsRefusedInWords()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        const string ns = "reports-dr";
        var model = ClaimOf(w.Cluster, Claim)!;
        var storageClass = w.W.Target.Store.List("storage.k8s.io/v1", "StorageClass", null).Select(c => Text(c["metadata"]?["name"])).First(n => n is not null)!;
        model = ClaimLike(model, ns, "x");
        model["spec"]!["storageClassName"] = storageClass;
        w.W.Target.Store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        await AddBoundClaimAsync(w.W.Target, model, ns, "archive");
        await AddBoundClaimAsync(w.W.Target, model, ns, "index");
        w.W.Portal.Principal.Current = w.W.Platform;
        var nsId = MigrationWorld.Ok(await w.W.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(w.W.TenantId, w.W.TargetId, ns))));

        var refused = await w.AsAsync<SnapshotNow, Result<Guid>>(w.Sam, u => u.HandleAsync(
            new SnapshotNowCommand(nsId, ["archive", "index"], null, null, true, SnapshotConsistency.None)));
        var list = MigrationWorld.Ok(await w.AsAsync<ListSnapshots, Result<SnapshotListView>>(w.Sam, u => u.HandleAsync(new ListSnapshotsQuery(nsId))));

        Assert.Equal(ErrorKind.Validation, refused.Error?.Kind);
        Assert.Contains("Cluster dr-west does not serve VolumeGroupSnapshots", refused.Error!.Message);
        Assert.False(list.GroupSnapshotsServed);
        Assert.Empty(w.W.Target.Store.List("snapshot.storage.k8s.io/v1", "VolumeSnapshot", ns));
    }
}
