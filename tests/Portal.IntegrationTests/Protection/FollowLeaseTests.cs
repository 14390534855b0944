using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Execution.Protection;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Protection;

/// <summary>Two portal replicas on one PostgreSQL: each cluster is followed by exactly one of them, the other takes it
/// over when that one stops; and what happened while a watch was away (a reconnect, a 410 re-list) is not lost.</summary>
public class FollowLeaseTests
{
    private static IReadOnlyCollection<Guid> Following(PortalReplica r) => r.Services.GetRequiredService<ProtectionFollower>().Following;

    [CrdsFact]
    public async Task TwoReplicas_FollowTheClusterExactlyOnce_AndTheOtherTakesOverWhenOneStops()
    {
        await using var w = await FollowerWorld.CreateAsync();
        var b = await w.Journey.AddReplicaAsync("replica-b");
        await Task.WhenAll(w.Portal.StartFollowerAsync(), b.StartFollowerAsync());
        var replicas = new[] { w.Portal, b };
        var id = w.Journey.ClusterId;

        await Eventually.TrueAsync(() => replicas.Count(r => Following(r).Contains(id)) == 1, "one replica following the cluster");
        // Several lease rounds later, still exactly one.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(1, replicas.Count(r => Following(r).Contains(id)));
            await Task.Delay(300);
        }

        var holder = replicas.Single(r => Following(r).Contains(id));
        var other = replicas.Single(r => r != holder);
        await using (var db = await w.Portal.OpenAllAsync())
            Assert.Equal(holder.WorkerId, (await db.ClusterFollowLeases.AsNoTracking().SingleAsync(l => l.ClusterId == id)).Holder);

        await holder.StopFollowerAsync();
        await Eventually.TrueAsync(() => Following(other).Contains(id), "the other replica taking the cluster over", TimeSpan.FromSeconds(15));
        w.Backup("after-takeover", ["shop-frontend"]);
        await Eventually.UntilAsync(async () => (await w.ObservedBackupsAsync()).FirstOrDefault(o => o.Name == "after-takeover"),
            o => o.Phase == "Completed", "a backup made after the take-over recorded");
        await using (var db = await w.Portal.OpenAllAsync())
            Assert.Equal(other.WorkerId, (await db.ClusterFollowLeases.AsNoTracking().SingleAsync(l => l.ClusterId == id)).Holder);
    }

    [CrdsFact]
    public async Task TheCurrentHolder_WhoseLeaseWasTakenOver_StopsFollowing()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.Portal.StartFollowerAsync();
        var id = w.Journey.ClusterId;
        await Eventually.TrueAsync(() => Following(w.Portal).Contains(id), "following");

        // Another replica's lease, written as if this one's had expired and been taken.
        await using (var db = await w.Portal.OpenAllAsync())
        {
            var lease = await db.ClusterFollowLeases.SingleAsync(l => l.ClusterId == id);
            db.ClusterFollowLeases.Remove(lease);
            await db.SaveChangesAsync();
            db.ClusterFollowLeases.Add(new Portal.Domain.Protection.ClusterFollowLease(id, "replica-z", DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        await Eventually.TrueAsync(() => !Following(w.Portal).Contains(id), "the replica stopping when its renewal fails", TimeSpan.FromSeconds(10));
    }

    [CrdsTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABackupDeletedWhileTheWatchWasAway_IsSeenGone_AfterAReconnectOrA410ReList(bool historyTrimmed)
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.ClaimAsync("analytics");
        await w.Portal.StartFollowerAsync();
        w.Backup("analytics-once", ["analytics"]);
        await w.StatusUntilAsync("analytics", s => s.Facts?.LastGoodBackup == "analytics-once", "the backup recorded");

        await w.Journey.Cluster.StopAsync();
        w.Journey.Cluster.Store.Delete("velero.io/v1", "Backup", "velero", "analytics-once");
        if (historyTrimmed) w.Journey.Cluster.Store.CompactHistory(); // the watch's resourceVersion is now too old: 410
        await w.Journey.Cluster.StartAgainAsync();

        var gone = await w.StatusUntilAsync("analytics", s => s.Facts?.LastGoodBackup is null, "the deletion seen", 30000);
        Assert.Equal(Portal.Domain.Protection.ProtectionStatus.Unprotected, gone.Verdict.Status);
        Assert.DoesNotContain(await w.ObservedBackupsAsync(), o => o.Name == "analytics-once");
    }

    [CrdsFact]
    public async Task AClusterThatGoesDown_KeepsItsLastFacts_IsShownUnreachable_AndIsFollowedAgainWhenBack()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.ClaimAsync("analytics");
        await w.Portal.StartFollowerAsync();
        w.Backup("analytics-before", ["analytics"]);
        var before = await w.StatusUntilAsync("analytics", s => s.Facts?.LastGoodBackup == "analytics-before", "the backup recorded");

        await w.Journey.Cluster.StopAsync();
        var cluster = await Eventually.UntilAsync(async () =>
        {
            await using var db = await w.Portal.OpenAllAsync();
            return await db.Clusters.AsNoTracking().SingleAsync(c => c.Id == w.Journey.ClusterId);
        }, c => c.Health == Portal.Domain.Clusters.ClusterHealth.Unreachable, "the cluster shown unreachable", 90000);
        Assert.NotNull(cluster.HealthMessage);
        var during = await w.StatusAsync("analytics");
        Assert.Equal("analytics-before", during.Facts!.LastGoodBackup);
        Assert.Equal(before.Verdict.Status, during.Verdict.Status);
        Assert.Contains(await w.ObservedBackupsAsync(), o => o.Name == "analytics-before");

        await w.Journey.Cluster.StartAgainAsync();
        w.Backup("analytics-after", ["analytics"]);
        await w.StatusUntilAsync("analytics", s => s.Facts?.LastGoodBackup == "analytics-after", "followed again", 60000);
        await Eventually.UntilAsync(async () =>
        {
            await using var db = await w.Portal.OpenAllAsync();
            return await db.Clusters.AsNoTracking().SingleAsync(c => c.Id == w.Journey.ClusterId);
        }, c => c.Health == Portal.Domain.Clusters.ClusterHealth.Reachable, "the cluster shown reachable again", 30000);
    }
}
