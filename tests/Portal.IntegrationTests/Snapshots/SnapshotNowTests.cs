using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Execution.Recovery;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using static Portal.IntegrationTests.Snapshots.ClaimRestoreWorld;

namespace Portal.IntegrationTests.Snapshots;

/// <summary>Snapshot now, its failure in words, check again, and deletion through a request, end to end on PostgreSQL and the
/// simulator's external-snapshotter (the world of <see cref="ClaimRestoreTests"/>).</summary>
public sealed class SnapshotNowTests
{
    private const string SnapshotApi = "snapshot.storage.k8s.io/v1";

    private static List<JsonObject> PortalSnapshots(ClaimRestoreWorld w) =>
        w.Cluster.Store.List(SnapshotApi, "VolumeSnapshot", Ns).Where(s => Text(s["metadata"]?["name"]) != Snapshot).ToList();

    private static Task<Result<Guid>> SnapshotClaimAsync(ClaimRestoreWorld w) =>
        w.AsAsync<SnapshotNow, Result<Guid>>(w.Sam, u => u.HandleAsync(
            new SnapshotNowCommand(w.ReportsId, [Claim], null, null, false, SnapshotConsistency.None, "before the import")));

    [Fact]
    public async Task SnapshotNow_OneClaim_ReadyWithSizeBoundContentAndLabels_Listed()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var id = MigrationWorld.Ok(await SnapshotClaimAsync(w));
        var done = await w.WaitAsync(id);
        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);

        var taken = Assert.Single(PortalSnapshots(w));
        var name = Text(taken["metadata"]?["name"])!;
        Assert.Equal(Claim, Text(taken["spec"]?["source"]?["persistentVolumeClaimName"]));
        Assert.True(taken["status"]?["readyToUse"]?.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(Text(taken["status"]?["restoreSize"])));
        var contentName = Text(taken["status"]?["boundVolumeSnapshotContentName"])!;
        var content = w.Cluster.Store.Get(SnapshotApi, "VolumeSnapshotContent", null, contentName)!;
        Assert.Equal(name, Text(content["spec"]?["volumeSnapshotRef"]?["name"]));
        var labels = taken["metadata"]!["labels"]!;
        Assert.Equal(id.ToString(), Text(labels[PortalLabels.RequestId]));
        Assert.NotNull(labels[PortalLabels.ManagedBy]);

        var list = MigrationWorld.Ok(await w.AsAsync<ListSnapshots, Result<SnapshotListView>>(w.Sam, u => u.HandleAsync(new ListSnapshotsQuery(w.ReportsId))));
        var row = Assert.Single(list.Snapshots.Items, r => r.Name == name);
        Assert.True(row.Ready);
        Assert.True(row.MadeByPortal);
        Assert.Equal(Claim, row.Claim);
        Assert.Equal(Text(taken["status"]?["restoreSize"]), row.RestoreSize);
        Assert.Equal(contentName, row.ContentName);
    }

    [Fact]
    public async Task SnapshotNow_DriverFails_RequestFailsWithTheContentsErrorInWords_ListShowsIt()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        w.Cluster.Faults.FailSnapshots(Ns, "storage array sa-3 is read-only");
        var id = MigrationWorld.Ok(await SnapshotClaimAsync(w));
        var done = await w.WaitAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("storage array sa-3 is read-only", done.FailureReason);
        Assert.Contains($"of claim {Claim} failed", done.FailureReason);

        var list = MigrationWorld.Ok(await w.AsAsync<ListSnapshots, Result<SnapshotListView>>(w.Sam, u => u.HandleAsync(new ListSnapshotsQuery(w.ReportsId))));
        var row = Assert.Single(list.Snapshots.Items, r => r.Name != Snapshot);
        Assert.False(row.Ready);
        Assert.Contains("storage array sa-3 is read-only", row.ContentError);
    }

    [Fact]
    public async Task SnapshotNow_ScaleToZero_DriverFails_WorkloadScaledBackToItsReplicas()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        w.Cluster.Faults.FailSnapshots(Ns, "storage array sa-3 is read-only");
        var id = MigrationWorld.Ok(await w.AsAsync<SnapshotNow, Result<Guid>>(w.Sam, u => u.HandleAsync(
            new SnapshotNowCommand(w.ReportsId, [], Renderer, null, false, SnapshotConsistency.ScaleToZero, "consistent copy"))));
        var done = await w.WaitAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("storage array sa-3 is read-only", done.FailureReason);
        Assert.Equal(1, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
        var state = SnapshotRunState.Read(done.ResultJson)!;
        Assert.Equal(1, state.OriginalReplicas);
        Assert.True(state.ScaledBack, done.ResultJson);
    }

    [Fact]
    public async Task SnapshotNow_ScaleToZero_ExecutorStoppedWhileScaledDown_NextRunScalesBackFromTheRecordedReplicas()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        w.Cluster.Faults.SnapshotsNeverReady(Ns);
        var doomed = await w.W.AddReplicaAsync("doomed", lease: TimeSpan.FromSeconds(3));
        var id = MigrationWorld.Ok(await w.AsAsync<SnapshotNow, Result<Guid>>(w.Sam, u => u.HandleAsync(
            new SnapshotNowCommand(w.ReportsId, [], Renderer, null, false, SnapshotConsistency.ScaleToZero, "consistent copy"))));
        await doomed.StartExecutorAsync();
        await w.WaitAsync(id, r => SnapshotRunState.Read(r.ResultJson)?.Snapshots is not null
            && MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer") == 0 && PortalSnapshots(w).Count == 1, 60);
        // The portal stops while the workload is down, and cannot reach it to scale back on the way out.
        w.Cluster.Faults.FailRequests(503, null, "deployments/report-renderer");
        await doomed.KillExecutorAsync();
        w.Cluster.Faults.ClearRequestFailures();
        Assert.Equal(0, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
        Assert.False(SnapshotRunState.Read((await w.W.RequestAsync(id)).ResultJson)!.ScaledBack);

        w.Cluster.Faults.Reset();
        var survivor = await w.W.AddReplicaAsync("survivor", lease: TimeSpan.FromSeconds(3));
        await survivor.StartExecutorAsync();
        var done = await w.WaitAsync(id);
        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        Assert.True(done.Attempt >= 2, $"attempt {done.Attempt}");
        Assert.Equal(1, MigrationWorld.Replicas(w.Cluster, "Deployment", Ns, "report-renderer"));
        Assert.Single(PortalSnapshots(w)); // the same snapshot, not a second one
    }

    [Fact]
    public async Task SnapshotNow_ClaimDeletedBetweenSubmitAndExecution_FailsInWordsAndWritesNothing()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        var id = MigrationWorld.Ok(await SnapshotClaimAsync(w));
        var claim = ClaimOf(w.Cluster, Claim)!;
        claim["metadata"]!["finalizers"] = new JsonArray();
        w.Cluster.Store.Put(claim);
        w.Cluster.Store.Delete("v1", "PersistentVolumeClaim", Ns, Claim);
        Assert.Null(ClaimOf(w.Cluster, Claim));
        await w.W.Portal.StartExecutorAsync();

        var done = await w.WaitAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains(Claim, done.FailureReason);
        Assert.Contains("Nothing was", done.FailureReason);
        Assert.Empty(PortalSnapshots(w));
    }

    [Fact]
    public async Task DeleteSnapshot_ThroughTheRequest_ConfirmedByName_RemovesItFromTheCluster()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var unconfirmed = await w.AsAsync<DeleteSnapshot, Result<Guid>>(w.Sam, u => u.HandleAsync(new DeleteSnapshotCommand(w.ReportsId, Snapshot, "archive")));
        Assert.False(unconfirmed.IsSuccess);
        Assert.NotNull(w.Cluster.Store.Get(SnapshotApi, "VolumeSnapshot", Ns, Snapshot));

        var id = MigrationWorld.Ok(await w.AsAsync<DeleteSnapshot, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new DeleteSnapshotCommand(w.ReportsId, Snapshot, Snapshot, "not needed any more"))));
        var done = await w.WaitAsync(id);
        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        Assert.Null(w.Cluster.Store.Get(SnapshotApi, "VolumeSnapshot", Ns, Snapshot));
        var list = MigrationWorld.Ok(await w.AsAsync<ListSnapshots, Result<SnapshotListView>>(w.Sam, u => u.HandleAsync(new ListSnapshotsQuery(w.ReportsId))));
        Assert.DoesNotContain(list.Snapshots.Items, r => r.Name == Snapshot);
    }
}

/// <summary>A snapshot schedule run by the portal's durable scheduler on PostgreSQL and the simulator: a missed run after
/// downtime is made up once, and retention deletes only the schedule's own snapshots beyond the last N.</summary>
public sealed class SnapshotScheduleTests
{
    private const string SnapshotApi = "snapshot.storage.k8s.io/v1";

    [Fact]
    public async Task Schedule_MissedRunsMadeUpOnce_RetentionKeepsTheLastTwoOfItsOwn()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var schedule = MigrationWorld.Ok(await w.AsAsync<SaveSnapshotSchedule, Result<SnapshotScheduleView>>(w.Sam, u => u.HandleAsync(
            new SaveSnapshotScheduleCommand(w.ReportsId, null, [Claim], null, null, SnapshotConsistency.None, "0 * * * *", "Europe/Berlin", 2, null))));
        Assert.True(schedule.NextDueAt > DateTimeOffset.UtcNow);
        var scopes = w.W.Portal.Services.GetRequiredService<IServiceScopeFactory>();
        var taken = new List<string>();
        for (var run = 1; run <= 4; run++)
        {
            // Fast-forward: the portal was down for a day, so 24 runs were due meanwhile; the scheduler submits one (each run
            // due at another minute, as the cron's runs are: the request's reason names the due time).
            await using (var db = await w.W.Portal.OpenAllAsync())
                await db.SnapshotSchedules.Where(s => s.Id == schedule.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(-10 * run)));
            var submitted = await DrillScheduler.RunSnapshotSchedulesOnceAsync(scopes, CancellationToken.None);
            if (submitted != 1)
            {
                await using var db = await w.W.Portal.OpenAllAsync();
                var skipped = await db.AuditEvents.AsNoTracking().Where(a => a.TargetType == "snapshot-schedule").Select(a => a.Action + ": " + a.Summary).ToListAsync();
                Assert.Fail($"run {run}: {submitted} submitted; {string.Join(" | ", skipped)}");
            }
            Assert.Equal(0, await DrillScheduler.RunSnapshotSchedulesOnceAsync(scopes, CancellationToken.None));
            await using (var db = await w.W.Portal.OpenAllAsync())
            {
                var row = await db.SnapshotSchedules.AsNoTracking().FirstAsync(s => s.Id == schedule.Id);
                Assert.True(row.NextDueAt > DateTimeOffset.UtcNow && row.NextDueAt <= DateTimeOffset.UtcNow.AddHours(1), $"next run {row.NextDueAt}");
                var requests = await db.Requests.AsNoTracking().Where(r => r.Kind == RequestKind.VolumeSnapshot).OrderBy(r => r.CreatedAt).ToListAsync();
                Assert.Equal(run, requests.Count);
                var done = await w.WaitAsync(requests[^1].Id);
                Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
                Assert.Equal("system", done.RequestedById);
            }

            var own = w.Cluster.Store.List(SnapshotApi, "VolumeSnapshot", Ns)
                .Where(s => Text(s["metadata"]?["labels"]?[PortalLabels.SnapshotScheduleId]) == schedule.Id.ToString("N"))
                .Select(s => Text(s["metadata"]?["name"])!).ToList();
            taken.AddRange(own.Except(taken));
            await Task.Delay(1100); // distinct creation times
        }

        // Retention ran after each submission: at the fourth, the three earlier ones were there, the oldest went.
        Assert.Equal(4, taken.Count);
        var left = w.Cluster.Store.List(SnapshotApi, "VolumeSnapshot", Ns).Select(s => Text(s["metadata"]?["name"])).ToList();
        // (The fourth's snapshot may already be on the cluster when retention runs, so the second may go too.)
        Assert.DoesNotContain(taken[0], left);
        Assert.Contains(taken[2], left);
        Assert.Contains(taken[3], left);
        Assert.Contains(Snapshot, left); // not the schedule's: never touched by its retention
    }

    [Fact]
    public async Task Retention_NewestSnapshotNotReadyYet_DeletesNothing_TheLastTwoReadyStay()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var schedule = MigrationWorld.Ok(await w.AsAsync<SaveSnapshotSchedule, Result<SnapshotScheduleView>>(w.Sam, u => u.HandleAsync(
            new SaveSnapshotScheduleCommand(w.ReportsId, null, [Claim], null, null, SnapshotConsistency.None, "0 * * * *", "Etc/UTC", 2, null))));
        var scopes = w.W.Portal.Services.GetRequiredService<IServiceScopeFactory>();
        List<string> Own() => w.Cluster.Store.List(SnapshotApi, "VolumeSnapshot", Ns)
            .Where(s => Text(s["metadata"]?["labels"]?[PortalLabels.SnapshotScheduleId]) == schedule.Id.ToString("N"))
            .Select(s => Text(s["metadata"]?["name"])!).ToList();
        async Task<int> RunDueAsync(int run)
        {
            await using (var db = await w.W.Portal.OpenAllAsync())
                await db.SnapshotSchedules.Where(s => s.Id == schedule.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, DateTimeOffset.UtcNow.AddHours(-1).AddMinutes(-run)));
            return await DrillScheduler.RunSnapshotSchedulesOnceAsync(scopes, CancellationToken.None);
        }
        async Task<string> TakeAsync(int run, bool ready)
        {
            var before = Own();
            // A run is skipped (audited) while the same ask is still in flight, e.g. the world's own snapshot of the claim on a loaded
            // machine; the portal's scheduler then submits at its next round. So does this test, for up to a minute.
            var submitted = 0;
            for (var round = 0; round < 60 && submitted == 0; round++)
            {
                if (round > 0) await Task.Delay(1000);
                submitted = await RunDueAsync(run);
            }
            if (submitted != 1)
            {
                await using var db = await w.W.Portal.OpenAllAsync();
                var skipped = await db.AuditEvents.AsNoTracking().Where(a => a.TargetType == "snapshot-schedule").Select(a => a.Action + ": " + a.Summary).ToListAsync();
                Assert.Fail($"run {run}: {submitted} submitted; {string.Join(" | ", skipped)}");
            }
            string? taken = null;
            await Eventually.UntilAsync(() => Task.FromResult<List<string>?>(Own().Except(before).ToList()), l => (taken = l.FirstOrDefault()) is not null,
                $"run {run}'s snapshot");
            if (ready)
            {
                // the request finished (not only its snapshot ready), so the next run is not refused as the same ask in flight
                Guid id;
                await using (var db = await w.W.Portal.OpenAllAsync())
                    id = await db.Requests.AsNoTracking().Where(r => r.Kind == RequestKind.VolumeSnapshot).OrderByDescending(r => r.CreatedAt).Select(r => r.Id).FirstAsync();
                var done = await w.WaitAsync(id);
                Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
            }
            await Task.Delay(1100); // distinct creation times
            return taken!;
        }

        var first = await TakeAsync(1, ready: true);
        var second = await TakeAsync(2, ready: true);
        w.Cluster.Faults.SnapshotsNeverReady(Ns);
        var third = await TakeAsync(3, ready: false);
        // The fourth run's retention finds the third not ready (it may still fail): the last two ready ones are the first and the
        // second, and nothing goes while the newest is not ready. (Counting the third among the last two deleted the first.)
        await RunDueAsync(4);

        var left = w.Cluster.Store.List(SnapshotApi, "VolumeSnapshot", Ns).Select(s => Text(s["metadata"]?["name"])).ToList();
        Assert.Contains(first, left);
        Assert.Contains(second, left);
        Assert.Contains(third, left);
        await using var audit = await w.W.Portal.OpenAllAsync();
        Assert.False(await audit.AuditEvents.AnyAsync(a => a.Action == "snapshot.retention-deleted" && a.TargetId == schedule.Id.ToString()));
    }
}
