using Microsoft.EntityFrameworkCore;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Moves;

/// <summary>Waves survive what production throws at them: an executor killed mid-wave, a target cluster that goes
/// away and comes back, a window that closes before the wave could start, several replicas dispatching at once.</summary>
public class WaveDurabilityTests
{
    [Fact]
    public async Task ExecutorKilledMidWave_AnotherReplicaFinishes_WithNothingDuplicated()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var doomed = await w.AddReplicaAsync("doomed", lease: TimeSpan.FromSeconds(3));
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog, MigrationWorld.Reports, MigrationWorld.Storefront]);
        await w.StartAsync(doomed);
        await w.WaitForAppAsync(wave.Apps["reports"], a => a.Steps.Any(s => s.Step == MigrationStep.MoveData && s.Status == MigrationStepStatus.Running));
        await doomed.KillExecutorAsync();

        var survivor = await w.AddReplicaAsync("survivor", lease: TimeSpan.FromSeconds(3));
        await w.StartAsync(survivor);
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
        Assert.True((await w.RequestAsync(wave.Requests["reports"])).Attempt >= 2, "the reports move should have been resumed by the survivor");
        await WaveExecutionTests.AssertMovedAsync(w, wave);

        // One Velero backup and one restore for reports; no object recorded twice; replicas remembered from before the quiesce.
        var owner = wave.Apps["reports"].ToString();
        Assert.Single(w.Source.Store.List("velero.io/v1", "Backup", "velero"), b => b["metadata"]?["labels"]?[WaveExecutionTests.Owner]?.GetValue<string>() == owner);
        Assert.Single(w.Target.Store.List("velero.io/v1", "Restore", "velero"), b => b["metadata"]?["labels"]?[WaveExecutionTests.Owner]?.GetValue<string>() == owner);
        foreach (var id in wave.Apps.Values)
        {
            var app = await w.AppAsync(id);
            Assert.Equal(app.RunState.CreatedOnTarget.Count, app.RunState.CreatedOnTarget.Distinct().Count());
            Assert.DoesNotContain(app.RunState.Quiesced, q => q.Replicas == 0);
        }
        Assert.Equal(3, (await w.AuditActionsAsync()).Count(a => a == "migration.application.moved"));
    }

    [Fact]
    public async Task TargetUnreachableBeforeTheWave_PausesTheApplicationWithTheSourceUntouched_ThenResumesAndCompletes()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog, MigrationWorld.Storefront]);
        var catalog = wave.Apps["catalog"];
        await w.Target.StopAsync();
        await w.StartAsync();

        var paused = await w.WaitForAppAsync(catalog, a => a.Status == MigrationApplicationStatus.Paused);
        Assert.StartsWith("dr-west cannot be reached:", paused.StatusDetail);
        Assert.EndsWith("The move waits and resumes by itself when it is back.", paused.StatusDetail);
        var storefront = await w.WaitForAppAsync(wave.Apps["storefront"], a => a.Status == MigrationApplicationStatus.Paused);
        // The target was looked at first: the source is neither frozen nor scaled down while the target is away.
        Assert.All(paused.Steps.Concat(storefront.Steps), s => Assert.Equal(MigrationStepStatus.Pending, s.Status));
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Equal(3, MigrationWorld.Replicas(w.Source, "Deployment", "storefront", "web"));
        var argo = MigrationWorld.Get(w.Source, "argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.NotNull(argo["spec"]!["syncPolicy"]!["automated"]);
        Assert.Null(argo["metadata"]!["annotations"]?["kubernetes-portal.io/frozen-by"]);
        var request = await w.RequestAsync(wave.Requests["catalog"]);
        Assert.Equal(RequestStatus.Running, request.Status);
        Assert.Null(request.LeaseOwner);
        Assert.Equal(MigrationWaveStatus.Running, (await w.WaveAsync(wave.WaveId)).Status);

        // Still down: the next look (another attempt, Migrations:PausedRetry later) finds it down again; it stays paused, nothing fails.
        var looked = await Eventually.UntilAsync(async () => (OperationRequest?)await w.RequestAsync(wave.Requests["catalog"]),
            r => r.Attempt > request.Attempt && r.LeaseOwner is null, "another look at dr-west while it is down", timeoutMs: 30_000);
        Assert.Equal(RequestStatus.Running, looked.Status);
        Assert.Equal(MigrationApplicationStatus.Paused, (await w.AppAsync(catalog)).Status);

        await w.Target.StartAgainAsync();
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
        Assert.Equal(MigrationApplicationStatus.Moved, (await w.AppAsync(catalog)).Status);
        Assert.Equal(2, MigrationWorld.Replicas(w.Target, "Deployment", "catalog", "catalog-api"));
        Assert.Equal(3, MigrationWorld.Replicas(w.Target, "Deployment", "storefront", "web"));
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Equal(RequestStatus.Succeeded, (await w.RequestAsync(wave.Requests["catalog"])).Status);
    }

    [Fact]
    public async Task WindowClosedBeforeTheWaveCouldStart_AppsAreSkipped_AndTheWaveEnds()
    {
        await using var w = await MigrationWorld.CreateAsync();
        // Approved a minute ago in a window that closed two seconds after the approval.
        var approvedAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog, MigrationWorld.Storefront], notBefore: approvedAt.AddSeconds(-10),
            notAfter: approvedAt.AddSeconds(2), at: approvedAt);
        await w.StartAsync();

        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.Equal(MigrationWaveStatus.CompletedWithProblems, done.Status);
        foreach (var (ns, id) in wave.Apps)
        {
            var app = await w.AppAsync(id);
            Assert.Equal(MigrationApplicationStatus.Skipped, app.Status);
            Assert.StartsWith("The window closed at", app.StatusDetail);
            Assert.All(app.Steps, s => Assert.Equal(MigrationStepStatus.Pending, s.Status));
            Assert.Equal(RequestStatus.Cancelled, (await w.RequestAsync(wave.Requests[ns])).Status);
        }
        // Nothing was touched on either cluster.
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "Deployment", "catalog", "catalog-api"));
        var audit = await w.AuditActionsAsync();
        Assert.Equal(2, audit.Count(a => a == "migration.application.skipped"));
        Assert.Contains("migration.wave.ended", audit);
    }

    [Fact]
    public async Task TwoReplicasDispatching_NeverRunMoreThanTheConcurrencyLimit_AndTheNextWaveWaitsForThisOne()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var first = await w.ApprovedWaveAsync([MigrationWorld.Catalog, MigrationWorld.Reports, MigrationWorld.Storefront], concurrencyLimit: 1);
        var second = await w.ApprovedWaveAsync([], order: 2, planId: first.PlanId);
        var other = await w.AddReplicaAsync("replica-b");
        await Task.WhenAll(w.StartAsync(), w.StartAsync(other));

        var most = 0;
        var ids = first.Requests.Values.ToList();
        while (!(await w.WaveAsync(first.WaveId)).HasEnded)
        {
            await using (var db = await w.Portal.OpenAllAsync())
            {
                var active = await db.Requests.CountAsync(r => ids.Contains(r.Id) && (r.Status == RequestStatus.Queued || r.Status == RequestStatus.Running));
                most = Math.Max(most, active);
            }
            // The second wave of the plan (its window is open) waits until the first has ended.
            Assert.Equal(MigrationWaveStatus.Scheduled, (await w.WaveAsync(second.WaveId)).Status);
            await Task.Delay(30);
        }
        Assert.Equal(1, most);
        Assert.Equal(MigrationWaveStatus.Completed, (await w.WaveAsync(first.WaveId)).Status);
        await w.WaitForWaveAsync(second.WaveId, x => x.HasEnded, TimeSpan.FromSeconds(20));
    }
}
