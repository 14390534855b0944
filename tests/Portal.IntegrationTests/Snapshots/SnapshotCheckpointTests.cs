using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using static Portal.IntegrationTests.Snapshots.ClaimRestoreWorld;

namespace Portal.IntegrationTests.Snapshots;

/// <summary>"Database checkpoint" consistency end to end on PostgreSQL and the simulator: a registered PostgreSQL database of
/// Webshop's <c>reports</c> runs CHECKPOINT by a Job before the snapshot; a failed checkpoint fails the request in words and
/// nothing is snapshotted; a registration removed after the request was made is found by the executor before it writes.</summary>
public sealed class SnapshotCheckpointTests
{
    private const string SnapshotApi = "snapshot.storage.k8s.io/v1";

    private static List<JsonObject> PortalSnapshots(ClaimRestoreWorld w) =>
        w.Cluster.Store.List(SnapshotApi, "VolumeSnapshot", Ns).Where(s => Text(s["metadata"]?["name"]) != Snapshot).ToList();

    private static List<JsonObject> CheckpointJobs(ClaimRestoreWorld w) =>
        w.Cluster.Store.List("batch/v1", "Job", Ns).Where(j => Text(j["metadata"]?["name"])?.StartsWith("portal-checkpoint-", StringComparison.Ordinal) == true).ToList();

    /// <summary>Registers <c>reports-db</c> (PostgreSQL 16) in <c>reports</c>, with its credentials Secret on the cluster.</summary>
    private static async Task<Guid> RegisterDatabaseAsync(ClaimRestoreWorld w)
    {
        w.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "reports-db-app", ["namespace"] = Ns },
            ["data"] = new JsonObject { ["username"] = "YXBw", ["password"] = "c2VjcmV0" },
        });
        await using var db = await w.W.Portal.OpenAllAsync();
        var target = new DatabaseTarget(w.W.TenantId, w.W.SourceId, Ns, "reports-db", DatabaseEngine.PostgreSql, "reports-db-rw", 5432, ["reports"],
            new SecretKeyReference("reports-db-app", "username", "password"), DatabaseSource.Manual, null, 16, "Sam Reliability", DateTimeOffset.UtcNow);
        db.DatabaseTargets.Add(target);
        await db.SaveChangesAsync();
        return target.Id;
    }

    private static Task<Result<Guid>> SnapshotWithCheckpointAsync(ClaimRestoreWorld w, Guid database) =>
        w.AsAsync<SnapshotNow, Result<Guid>>(w.Sam, u => u.HandleAsync(
            new SnapshotNowCommand(w.ReportsId, [Claim], null, null, false, SnapshotConsistency.DatabaseCheckpoint, "before the migration", database)));

    private static async Task<List<string>> TimelineAsync(ClaimRestoreWorld w, Guid id)
    {
        await using var db = await w.W.Portal.OpenAllAsync();
        return await db.RequestEvents.Where(e => e.RequestId == id).OrderBy(e => e.At).Select(e => e.Title).ToListAsync();
    }

    [Fact]
    public async Task Checkpoint_RunsByAJobBeforeTheSnapshot_AndTheTimelineSaysWhatRanAndHowLong()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var database = await RegisterDatabaseAsync(w);

        var id = MigrationWorld.Ok(await SnapshotWithCheckpointAsync(w, database));
        var done = await w.WaitAsync(id);

        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        var job = Assert.Single(CheckpointJobs(w));
        Assert.Equal(id.ToString(), Text(job["metadata"]?["labels"]?[PortalLabels.RequestId]));
        Assert.Contains("CHECKPOINT", job["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.ToJsonString());
        var taken = Assert.Single(PortalSnapshots(w));
        Assert.True(taken["status"]?["readyToUse"]?.GetValue<bool>());
        var state = SnapshotRunState.Read(done.ResultJson)!;
        Assert.Equal(Text(job["metadata"]?["name"]), state.CheckpointJob);
        Assert.NotNull(state.CheckpointedAt);
        var timeline = await TimelineAsync(w, id);
        var ran = timeline.FindIndex(t => t.StartsWith("CHECKPOINT ran on reports-db in ", StringComparison.Ordinal));
        Assert.True(ran >= 0, string.Join("\n", timeline));
        Assert.True(ran < timeline.FindIndex(t => t.StartsWith("VolumeSnapshot ", StringComparison.Ordinal)), string.Join("\n", timeline));
    }

    [Fact]
    public async Task Checkpoint_Refused_FailsTheRequestInWords_AndNothingIsSnapshotted()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var database = await RegisterDatabaseAsync(w);
        w.Cluster.Faults.FailNextJob("portal-checkpoint-", 1,
            """{"status":"Failed","exitCode":1,"error":"psql: ERROR:  permission denied to execute CHECKPOINT command"}""");

        var id = MigrationWorld.Ok(await SnapshotWithCheckpointAsync(w, database));
        var done = await w.WaitAsync(id);

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("CHECKPOINT failed on reports-db", done.FailureReason);
        Assert.Contains("pg_checkpoint", done.FailureReason);
        Assert.Contains("permission denied to execute CHECKPOINT", done.FailureReason);
        Assert.Contains("Nothing was snapshotted", done.FailureReason);
        Assert.Empty(PortalSnapshots(w));
    }

    [Fact]
    public async Task Checkpoint_DatabaseUnregisteredAfterTheRequest_FailsInWords_NoJobNoSnapshot()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        var database = await RegisterDatabaseAsync(w);
        var id = MigrationWorld.Ok(await SnapshotWithCheckpointAsync(w, database));
        await using (var db = await w.W.Portal.OpenAllAsync())
        {
            db.DatabaseTargets.Remove(await db.DatabaseTargets.SingleAsync(d => d.Id == database));
            await db.SaveChangesAsync();
        }
        await w.W.Portal.StartExecutorAsync();

        var done = await w.WaitAsync(id);

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("not registered in namespace reports", done.FailureReason);
        Assert.Contains("Nothing was snapshotted", done.FailureReason);
        Assert.Empty(CheckpointJobs(w));
        Assert.Empty(PortalSnapshots(w));
    }

    [Fact]
    public async Task Checkpoint_ExecutorStoppedAfterNamingTheJob_NextRunMakesItOnce_ThenSnapshots()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        var database = await RegisterDatabaseAsync(w);
        var doomed = await w.W.AddReplicaAsync("doomed", lease: TimeSpan.FromSeconds(3));
        w.Cluster.Faults.FailRequests(503, null, "/jobs"); // the Job cannot be made: the portal stops right after naming it
        var id = MigrationWorld.Ok(await SnapshotWithCheckpointAsync(w, database));
        await doomed.StartExecutorAsync();
        var named = await w.WaitAsync(id, r => SnapshotRunState.Read(r.ResultJson)?.CheckpointJob is not null, 60);
        await doomed.KillExecutorAsync();
        w.Cluster.Faults.ClearRequestFailures();
        Assert.Empty(CheckpointJobs(w));
        Assert.Empty(PortalSnapshots(w));

        var survivor = await w.W.AddReplicaAsync("survivor", lease: TimeSpan.FromSeconds(3));
        await survivor.StartExecutorAsync();
        var done = await w.WaitAsync(id);

        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        var job = Assert.Single(CheckpointJobs(w));
        Assert.Equal(SnapshotRunState.Read(named.ResultJson)!.CheckpointJob, Text(job["metadata"]?["name"]));
        Assert.Single(PortalSnapshots(w));
        var timeline = await TimelineAsync(w, id);
        Assert.Contains(timeline, t => t.Contains("of an earlier run is gone; running CHECKPOINT on reports-db again", StringComparison.Ordinal));
    }
}
