using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Domain.Protection;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Protection;

/// <summary>The protection follower on PostgreSQL and the simulated cluster: the status of a namespace follows what
/// happens to its backups, its Schedule and its storage location, without anyone opening a page.</summary>
public class ProtectionStatusTests
{
    [CrdsFact]
    public async Task Status_FollowsTheScheduledRuns_AtRiskWhileTheyFail_ProtectedAgainAfterAGoodRun()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.Portal.StartFollowerAsync();
        var gold = await w.PolicyAsync("gold");
        var (protection, _) = await w.ProtectAsync("shop-frontend", gold);

        // The Schedule's first run (made at once) completes: protected by its own Schedule.
        var first = await w.StatusUntilAsync("shop-frontend", s => s.Facts?.LastGoodSource == RecoveryPointSource.Scheduled,
            "the first scheduled backup recorded");
        Assert.Equal(ProtectionStatus.Protected, first.Verdict.Status);
        Assert.StartsWith(protection.ScheduleName, first.Facts!.LastGoodBackup);
        Assert.Contains("On gold", first.Verdict.Reason);

        // Three runs in a row end PartiallyFailed.
        for (var i = 0; i < 3; i++) w.Journey.Cluster.Faults.PartiallyFailNextBackup(protection.ScheduleName, errors: 2, volumeSnapshotsFailed: 1);
        for (var i = 0; i < 3; i++) w.RunSchedule(protection.ScheduleName);
        var failing = await w.StatusUntilAsync("shop-frontend", s => s.Facts?.FailedRunsInRow == 3, "three failed runs in a row");
        Assert.Equal(ProtectionStatus.AtRisk, failing.Verdict.Status);
        Assert.Contains("The last 3 scheduled runs PartiallyFailed: 2 errors in volume data", failing.Verdict.Reason);
        Assert.Contains("volume snapshot", failing.Verdict.Reason);

        // A good run puts it right.
        var good = w.RunSchedule(protection.ScheduleName);
        var healed = await w.StatusUntilAsync("shop-frontend", s => s.Facts?.LastGoodBackup == good, "the good run recorded");
        Assert.Equal(ProtectionStatus.Protected, healed.Verdict.Status);
        Assert.Equal(0, healed.Facts!.FailedRunsInRow);
        Assert.Null(healed.Facts.FailureSummary);
    }

    [CrdsFact]
    public async Task Status_WhenTheStorageLocationGoesUnavailable_IsAtRiskUntilItIsBack()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.Portal.StartFollowerAsync();
        var (protection, _) = await w.ProtectAsync("shop-frontend", await w.PolicyAsync("gold"));
        await w.StatusUntilAsync("shop-frontend", s => s.Verdict.Status == ProtectionStatus.Protected, "protected by its first run");

        // Open pages of the tenant are told, though no fact of the namespace changed (only its location did).
        var notices = 0;
        using var subscription = w.Portal.Services.GetRequiredService<IProtectionStatusNotifier>().Subscribe(
            c => c.TenantId == w.Journey.TenantId && c.ClusterId == w.Journey.ClusterId, () =>
            {
                Interlocked.Increment(ref notices);
                return Task.CompletedTask;
            });
        w.Journey.Cluster.Faults.MakeLocationUnavailable("default", "AccessDenied: the bucket policy refuses the Velero role");
        var atRisk = await w.StatusUntilAsync("shop-frontend", s => s.Verdict.Status == ProtectionStatus.AtRisk, "at risk");
        await Eventually.TrueAsync(() => Volatile.Read(ref notices) > 0, "the tenant's pages told");
        Assert.Contains("Backup location default Unavailable since", atRisk.Verdict.Reason);
        Assert.Contains("AccessDenied", atRisk.Verdict.Reason);
        Assert.NotNull(atRisk.Location!.UnavailableSince);

        w.Journey.Cluster.Faults.MakeLocationAvailable("default");
        // A scheduled run that fell into the window failed validation (more likely on a loaded machine), and a failed last run
        // rightly keeps the namespace At risk until the next good one: make that next run now, as the schedule would.
        w.RunSchedule(protection.ScheduleName);
        var back = await w.StatusUntilAsync("shop-frontend", s => s.Verdict.Status == ProtectionStatus.Protected, "protected again");
        Assert.Null(back.Location!.UnavailableSince);
        Assert.Equal(protection.Id, back.Protection!.Id);
    }

    [CrdsFact]
    public async Task ClusterWideBackup_CountsForTheNamespacesItCovers_AndNotForThoseItExcludes()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.ClaimAsync("analytics");
        await w.Portal.StartFollowerAsync();

        // Before: analytics has no backup at all (the seeded daily schedule leaves it out).
        var before = await w.StatusUntilAsync("analytics", s => s.Facts is not null, "the facts of analytics");
        Assert.Equal(ProtectionStatus.Unprotected, before.Verdict.Status);

        w.Backup("nightly-all", ["*"], excluded: ["analytics", "kube-system"]);
        var covered = await w.StatusUntilAsync("shop-frontend", s => s.Facts?.LastGoodBackup == "nightly-all", "the cluster-wide backup counted");
        Assert.Equal(RecoveryPointSource.ClusterWide, covered.Facts!.LastGoodSource);
        Assert.Equal(ProtectionStatus.Protected, covered.Verdict.Status);
        Assert.Contains("cluster-wide", covered.Verdict.Reason);

        var excluded = await w.StatusAsync("analytics");
        Assert.Null(excluded.Facts!.LastGoodBackup);
        Assert.Equal(ProtectionStatus.Unprotected, excluded.Verdict.Status);

        // Observed as the cluster's, not a tenant's.
        var row = Assert.Single(await w.ObservedBackupsAsync(), b => b.Name == "nightly-all");
        Assert.Equal(Guid.Empty, row.TenantId);

        // A backup of analytics alone counts for it, on demand, and belongs to its tenant.
        w.Backup("analytics-now", ["analytics"]);
        var own = await w.StatusUntilAsync("analytics", s => s.Facts?.LastGoodBackup == "analytics-now", "the on-demand backup counted");
        Assert.Equal(RecoveryPointSource.OnDemand, own.Facts!.LastGoodSource);
        Assert.Equal(ProtectionStatus.Protected, own.Verdict.Status);
        Assert.Equal(w.Journey.TenantId, Assert.Single(await w.ObservedBackupsAsync(), b => b.Name == "analytics-now").TenantId);
    }

    [CrdsFact]
    public async Task ClusterResources_AreJudgedByTheirOwnScheduleRuns_AndCountForNoNamespace()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.ClaimAsync("analytics");
        await w.Portal.StartFollowerAsync();
        var now = DateTimeOffset.UtcNow;
        var policy = new ProtectionPolicy("cluster-dr", ProtectionTarget.ClusterResources, new ProtectionPolicySettings("0 * * * *", "UTC",
            TimeSpan.FromDays(7), TimeSpan.FromHours(2), VolumeProtection.None, null, [], []), "priya", now);
        var protection = new NamespaceProtection(Guid.Empty, w.Journey.ClusterId, "", policy, "priya", now);
        w.Journey.Cluster.Store.Put(Portal.Kubernetes.VeleroObjectBuilder.Schedule(new Portal.Application.Abstractions.Clusters.VeleroScheduleSpec(
            protection.ScheduleName, "", policy.Cron, policy.TimeZone, policy.Retention, policy.Volumes, null, [], false,
            new Dictionary<string, string>(), ClusterResourcesOnly: true), "velero"));
        protection.RecordApplied(policy, Guid.NewGuid(), w.StoredScheduleHash(protection.ScheduleName)!, now);
        await using (var db = await w.Portal.OpenAllAsync())
        {
            db.ProtectionPolicies.Add(policy);
            db.NamespaceProtections.Add(protection);
            await db.SaveChangesAsync();
        }

        // The Schedule's first run (made at once) holds only cluster-scoped resources: it is the cluster's recovery point.
        var reader = w.Portal.Services.GetRequiredService<Portal.Application.Features.Protection.Status.NamespaceStatusReader>();
        var status = await Eventually.UntilAsync(async () =>
        {
            await using var db = await w.Portal.OpenAllAsync();
            return (await reader.ReadAsync(db, new Portal.Application.Features.Protection.Status.NamespaceStatusFilter(w.Journey.ClusterId,
                WithClusterResources: true), DateTimeOffset.UtcNow, default)).FirstOrDefault(x => x.Target == ProtectionTarget.ClusterResources);
        }, x => x.Facts?.LastGoodSource == RecoveryPointSource.Scheduled, "the cluster resources' first scheduled backup recorded", 20000);
        Assert.Equal(ProtectionStatus.Protected, status.Verdict.Status);
        Assert.StartsWith(protection.ScheduleName, status.Facts!.LastGoodBackup);
        Assert.Contains("On cluster-dr", status.Verdict.Reason);

        // It holds no namespace: a claimed namespace with no backup of its own stays without one.
        var analytics = await w.StatusAsync("analytics");
        Assert.Null(analytics.Facts?.LastGoodBackup);
        Assert.Equal(ProtectionStatus.Unprotected, analytics.Verdict.Status);
    }

    [CrdsFact]
    public async Task BackupOfAnotherCluster_OnAReadOnlyLocation_DoesNotCountForTheNamespaceOfTheSameNameHere()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.ClaimAsync("analytics");
        w.Journey.Cluster.AddBackupStorageLocation("primary-site", "ReadOnly");
        await w.Portal.StartFollowerAsync();

        w.SyncedBackup("primary-analytics", "analytics", "primary-site");
        await Eventually.UntilAsync<List<ObservedBackup>>(async () => await w.ObservedBackupsAsync(), rows => rows.Any(b => b.Name == "primary-analytics" && b.IsGood), "the synced backup observed");
        // A recompute that had the synced backup in hand: one that records a later backup of another namespace.
        w.Backup("frontend-now", ["shop-frontend"]);
        await w.StatusUntilAsync("shop-frontend", s => s.Facts?.LastGoodBackup == "frontend-now", "the later backup counted");
        var status = await w.StatusAsync("analytics");
        Assert.Null(status.Facts!.LastGoodBackup);
        Assert.Equal(ProtectionStatus.Unprotected, status.Verdict.Status);
    }

    [CrdsFact]
    public async Task ScheduleChangedOrDeletedOnTheCluster_IsSeenAsDrift_AndClearsWhenPutBack()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.Portal.StartFollowerAsync();
        var (protection, written) = await w.ProtectAsync("shop-frontend", await w.PolicyAsync("gold"));
        await w.StatusUntilAsync("shop-frontend", s => s.Verdict.Status == ProtectionStatus.Protected, "protected");

        // Someone edits the cron and pauses it with kubectl.
        var edited = written.DeepClone().AsObject();
        edited["spec"]!["schedule"] = "CRON_TZ=UTC 0 3 * * *";
        edited["spec"]!["paused"] = true;
        w.Journey.Cluster.Store.Put(edited);
        var changed = await Eventually.UntilAsync(async () => (NamespaceProtection?)await w.ProtectionAsync(protection.Id),
            p => p.Drift == ScheduleDrift.Changed, "drift seen", 20000);
        Assert.Contains("schedule is \"CRON_TZ=UTC 0 3 * * *\" on the cluster, \"CRON_TZ=UTC 0 * * * *\" in policy gold", changed.DriftDetail);
        Assert.Contains("paused on the cluster, running in the portal", changed.DriftDetail);
        var status = await w.StatusAsync("shop-frontend");
        Assert.Equal(ProtectionStatus.AtRisk, status.Verdict.Status);
        Assert.Contains("Its Velero Schedule was changed on the cluster", status.Verdict.Reason);

        // Put back as the portal wrote it: the drift clears.
        w.Journey.Cluster.Store.Put(written.DeepClone());
        await Eventually.UntilAsync(async () => (NamespaceProtection?)await w.ProtectionAsync(protection.Id),
            p => p.Drift == ScheduleDrift.None, "drift cleared", 20000);

        // Deleted: missing, until it is there again.
        w.Journey.Cluster.Store.Delete("velero.io/v1", "Schedule", "velero", protection.ScheduleName);
        var missing = await Eventually.UntilAsync(async () => (NamespaceProtection?)await w.ProtectionAsync(protection.Id),
            p => p.Drift == ScheduleDrift.Missing, "missing seen", 20000);
        Assert.Contains(protection.ScheduleName, missing.DriftDetail);
        Assert.Contains("Its Velero Schedule was deleted on the cluster", (await w.StatusAsync("shop-frontend")).Verdict.Reason);
        w.Journey.Cluster.Store.Put(written.DeepClone());
        await Eventually.UntilAsync(async () => (NamespaceProtection?)await w.ProtectionAsync(protection.Id),
            p => p.Drift == ScheduleDrift.None, "drift cleared after the Schedule came back", 20000);
    }

    [CrdsFact]
    public async Task Compliance_TodaysCountsPerTenantAndCluster_AreRecorded()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.ClaimAsync("analytics");
        await w.Portal.StartFollowerAsync();
        await w.ProtectAsync("shop-frontend", await w.PolicyAsync("gold"));
        await w.StatusUntilAsync("shop-frontend", s => s.Verdict.Status == ProtectionStatus.Protected, "protected");

        var day = await Eventually.UntilAsync(async () =>
        {
            await using var db = await w.Portal.OpenAllAsync();
            return await db.ComplianceDays.AsNoTracking().FirstOrDefaultAsync(d => d.TenantId == w.Journey.TenantId && d.ClusterId == w.Journey.ClusterId);
        }, d => d.Protected == 1 && d.Unprotected == 1, "today's counts");
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), day.Day);
        Assert.Equal(0, day.AtRisk);
    }
}
