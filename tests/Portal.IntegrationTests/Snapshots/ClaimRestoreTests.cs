using System.Text.Json.Nodes;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots.Restore;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;
using static Portal.IntegrationTests.Snapshots.ClaimRestoreWorld;

namespace Portal.IntegrationTests.Snapshots;

/// <summary>Restore to a new claim and fast rollback, end to end on PostgreSQL and the simulator's external-snapshotter.</summary>
public sealed class ClaimRestoreTests
{
    [Fact]
    public async Task RestoreToNewClaim_MakesTheClaimFromTheSnapshotAndWaitsBound()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var tooSmall = await w.AsAsync<RestoreSnapshotToNewClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RestoreSnapshotToNewClaimCommand(w.ReportsId, Snapshot, "archive-copy", "1Mi", null)));
        Assert.Equal("size", tooSmall.Error?.Field);
        var taken = await w.AsAsync<RestoreSnapshotToNewClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RestoreSnapshotToNewClaimCommand(w.ReportsId, Snapshot, Claim, null, null)));
        Assert.Equal("name", taken.Error?.Field);

        var id = MigrationWorld.Ok(await w.AsAsync<RestoreSnapshotToNewClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RestoreSnapshotToNewClaimCommand(w.ReportsId, Snapshot, "archive-copy", null, "look at last week's reports"))));
        var done = await w.WaitAsync(id);
        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        var claim = ClaimOf(w.Cluster, "archive-copy")!;
        Assert.Equal("Bound", Text(claim["status"]?["phase"]));
        Assert.Equal(Snapshot, Text(claim["spec"]?["dataSource"]?["name"]));
        Assert.Equal(Text(ClaimOf(w.Cluster, Claim)!["spec"]?["storageClassName"]), Text(claim["spec"]?["storageClassName"]));
        var volume = Volume(w.Cluster, Text(claim["spec"]?["volumeName"])!)!;
        Assert.Equal($"{Ns}/{Snapshot}", Text(volume["metadata"]?["annotations"]?["snapshot.simulator.local/restored-from"]));
    }

    [Fact]
    public async Task Rollback_AskedByOneSreApprovedByAnother_ClaimHoldsTheSnapshotOldVolumeKeptThenReleasedTimeMeasured()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var before = ClaimOf(w.Cluster, Claim)!;
        var oldVolume = Text(before["spec"]?["volumeName"])!;
        var oldPolicy = Text(Volume(w.Cluster, oldVolume)!["spec"]?["persistentVolumeReclaimPolicy"]);
        var unconfirmed = await w.AsAsync<RollBackClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RollBackClaimCommand(w.ReportsId, Snapshot, Renderer, "report", null)));
        Assert.False(unconfirmed.IsSuccess);

        var id = MigrationWorld.Ok(await w.AsAsync<RollBackClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RollBackClaimCommand(w.ReportsId, Snapshot, Renderer, Claim, "bad import"))));
        Assert.Equal(RequestStatus.PendingApproval, (await w.W.RequestAsync(id)).Status);
        var self = await w.AsAsync<Portal.Application.Features.Requests.Decide.DecideOnRequest, Result<RequestStatus>>(w.Sam, u =>
            u.HandleAsync(new Portal.Application.Features.Requests.Decide.DecideOnRequestCommand(id, true, null)));
        Assert.False(self.IsSuccess);
        await w.ApproveAsync(id, w.Rita);

        var done = await w.WaitAsync(id);
        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        var after = ClaimOf(w.Cluster, Claim)!;
        Assert.NotEqual(Text(before["metadata"]?["uid"]), Text(after["metadata"]?["uid"]));
        var newVolume = Volume(w.Cluster, Text(after["spec"]?["volumeName"])!)!;
        Assert.Equal($"{Ns}/{Snapshot}", Text(newVolume["metadata"]?["annotations"]?["snapshot.simulator.local/restored-from"]));
        Assert.Equal(1, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
        // Kept (Retain) while the rollback ran, then given its own policy back: released.
        var old = Volume(w.Cluster, oldVolume);
        Assert.True(old is null || Text(old["spec"]?["persistentVolumeReclaimPolicy"]) == oldPolicy, old?.ToJsonString());
        var result = JsonNode.Parse(done.ResultJson!)!;
        Assert.Equal("Released", Text(result["step"]));
        Assert.True(result["secondsFromApprovalToReady"]!.GetValue<double>() >= 0);
        Assert.False(string.IsNullOrEmpty(Text(result["timeFromApprovalToReady"])));
        var details = await w.W.Portal.OpenAllAsync();
        await using (details)
        {
            var titles = details.RequestEvents.Where(e => e.RequestId == id).Select(e => e.Title).ToList();
            Assert.Contains(titles, t => t.Contains("Retain"));
            Assert.Contains(titles, t => t.Contains("from approval to ready"));
        }
    }

    [Fact]
    public async Task Rollback_SnapshotDeletedBetweenApprovalAndExecution_FailsInWordsAndWritesNothing()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        var id = MigrationWorld.Ok(await w.AsAsync<RollBackClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RollBackClaimCommand(w.ReportsId, Snapshot, Renderer, Claim, null))));
        await w.ApproveAsync(id, w.Rita);
        var before = ClaimOf(w.Cluster, Claim)!.ToJsonString();
        w.Cluster.Store.Delete("snapshot.storage.k8s.io/v1", "VolumeSnapshot", Ns, Snapshot);
        await w.W.Portal.StartExecutorAsync();

        var done = await w.WaitAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains($"Snapshot {Snapshot} does not exist", done.FailureReason);
        Assert.Contains("Nothing was changed", done.FailureReason);
        Assert.Equal(before, ClaimOf(w.Cluster, Claim)!.ToJsonString());
        Assert.Equal(1, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
    }

    [Fact]
    public async Task Rollback_WorkloadStopsUsingTheClaimBeforeExecution_FailsInWordsAndWritesNothing()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        var id = MigrationWorld.Ok(await w.AsAsync<RollBackClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RollBackClaimCommand(w.ReportsId, Snapshot, Renderer, Claim, null))));
        await w.ApproveAsync(id, w.Rita);
        var deployment = w.Cluster.Store.Get("apps/v1", "Deployment", Ns, "report-renderer")!;
        foreach (var v in deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray())
            if (v?["persistentVolumeClaim"] is JsonObject pvc) pvc["claimName"] = "somewhere-else";
        w.Cluster.Store.Put(deployment);
        await w.W.Portal.StartExecutorAsync();

        var done = await w.WaitAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("does not mount claim report-archive", done.FailureReason);
        Assert.Equal("Bound", Text(ClaimOf(w.Cluster, Claim)!["status"]?["phase"]));
        Assert.Equal(1, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
    }

    [Fact]
    public async Task Rollback_ExecutorStoppedWhileTheClaimIsDeleted_AnotherFinishesIt()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        // The claim lingers while a finalizer holds it, so the executor is stopped mid-deletion, after scaling down and retaining.
        var claim = ClaimOf(w.Cluster, Claim)!;
        claim["metadata"]!["finalizers"] = new JsonArray("example.test/hold");
        w.Cluster.Store.Put(claim);
        var oldVolume = Text(claim["spec"]?["volumeName"])!;
        var doomed = await w.W.AddReplicaAsync("doomed", lease: TimeSpan.FromSeconds(3));
        var id = MigrationWorld.Ok(await w.AsAsync<RollBackClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RollBackClaimCommand(w.ReportsId, Snapshot, Renderer, Claim, null))));
        await w.ApproveAsync(id, w.Rita);
        await doomed.StartExecutorAsync();
        await w.WaitAsync(id, r => ClaimOf(w.Cluster, Claim)?["metadata"]?["deletionTimestamp"] is not null, 60);
        await doomed.KillExecutorAsync();
        Assert.Equal(0, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
        Assert.Equal("Retain", Text(Volume(w.Cluster, oldVolume)!["spec"]?["persistentVolumeReclaimPolicy"]));

        var held = ClaimOf(w.Cluster, Claim)!;
        held["metadata"]!["finalizers"] = new JsonArray();
        w.Cluster.Store.Put(held);
        var survivor = await w.W.AddReplicaAsync("survivor", lease: TimeSpan.FromSeconds(3));
        await survivor.StartExecutorAsync();
        var done = await w.WaitAsync(id);
        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        Assert.True(done.Attempt >= 2, $"attempt {done.Attempt}");
        var after = ClaimOf(w.Cluster, Claim)!;
        Assert.Equal(Snapshot, Text(after["spec"]?["dataSource"]?["name"]));
        Assert.Equal(1, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
    }

    [Fact]
    public async Task Rollback_SnapshotGoneOnceTheClaimIsDeleted_PutsTheOriginalDataBack()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var claim = ClaimOf(w.Cluster, Claim)!;
        claim["metadata"]!["finalizers"] = new JsonArray("example.test/hold");
        w.Cluster.Store.Put(claim);
        var oldVolume = Text(claim["spec"]?["volumeName"])!;
        var oldPolicy = Text(Volume(w.Cluster, oldVolume)!["spec"]?["persistentVolumeReclaimPolicy"]);
        var id = MigrationWorld.Ok(await w.AsAsync<RollBackClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RollBackClaimCommand(w.ReportsId, Snapshot, Renderer, Claim, null))));
        await w.ApproveAsync(id, w.Rita);
        await w.WaitAsync(id, r => ClaimOf(w.Cluster, Claim)?["metadata"]?["deletionTimestamp"] is not null, 60);
        w.Cluster.Store.Delete("snapshot.storage.k8s.io/v1", "VolumeSnapshot", Ns, Snapshot);
        var held = ClaimOf(w.Cluster, Claim)!;
        held["metadata"]!["finalizers"] = new JsonArray();
        w.Cluster.Store.Put(held);

        var done = await w.WaitAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("original data was put back", done.FailureReason);
        var after = ClaimOf(w.Cluster, Claim)!;
        Assert.Equal(oldVolume, Text(after["spec"]?["volumeName"]));
        Assert.Equal("Bound", Text(after["status"]?["phase"]));
        Assert.Equal(1, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
        Assert.Equal(oldPolicy, Text(Volume(w.Cluster, oldVolume)!["spec"]?["persistentVolumeReclaimPolicy"]));
    }
}
