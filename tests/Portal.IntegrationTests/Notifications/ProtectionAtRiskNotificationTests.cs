using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Protection.Status;
using Portal.Domain.Notifications;
using Portal.Domain.Protection;
using Portal.Domain.Tenants;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Notifications;

/// <summary>"A namespace turned At risk or Unprotected" on PostgreSQL: the protection follower's reading of its cluster
/// (the one status reader, then <see cref="ProtectionStatusChanges"/>, saved: what <c>ClusterFollow.RecordComplianceAsync</c>
/// does on every recompute) raises one event per change, whatever the number of readings or replicas, and the worker
/// delivers it with the reason and the namespace's link. Readings at chosen times, so a backup grows old without waiting.</summary>
public class ProtectionAtRiskNotificationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BackupOlderThanItsRpo_TellsOnce_AndAgainOnlyAfterItWasProtectedInBetween()
    {
        await using var world = await NotificationWorld.CreateAsync(NotificationEventType.ProtectionAtRisk);
        var rpo = world.Replica.Services.GetRequiredService<NamespaceStatusReader>().DefaultTargetRpo;
        Guid namespaceId;
        await using (var db = await world.Replica.OpenAllAsync())
        {
            var ns = new TenantNamespace(world.TenantId, world.ClusterId, "shop-web", T0.AddDays(-1), "seed");
            db.TenantNamespaces.Add(ns);
            db.NamespaceRpoStates.Add(new NamespaceRpoState(world.TenantId, world.ClusterId, "shop-web", T0)
            {
                LastGoodAt = T0.AddHours(-1), LastGoodBackup = "shop-web-now", LastGoodSource = RecoveryPointSource.OnDemand,
            });
            await db.SaveChangesAsync();
            namespaceId = ns.Id;
        }

        Assert.Equal(ProtectionStatus.Protected, await ReadAsync(world.Replica, T0));
        Assert.Equal(0, await EventsAsync(world));

        // The backup grows older than the RPO: one event, however often the follower reads, on this replica or another.
        var late = T0 + rpo + TimeSpan.FromHours(1);
        Assert.Equal(ProtectionStatus.AtRisk, await ReadAsync(world.Replica, late));
        Assert.Equal(1, await EventsAsync(world));
        Assert.Equal(ProtectionStatus.AtRisk, await ReadAsync(world.Replica, late.AddMinutes(10)));
        await using (var restarted = await world.AnotherReplicaAsync("replica-b"))
            Assert.Equal(ProtectionStatus.AtRisk, await ReadAsync(restarted, late.AddMinutes(20)));
        Assert.Equal(1, await EventsAsync(world));

        // A new backup: Protected again (told to nobody), then it grows old too: a new event.
        var second = late.AddHours(1);
        await using (var db = await world.Replica.OpenAllAsync())
        {
            var state = await db.NamespaceRpoStates.SingleAsync(s => s.Namespace == "shop-web");
            (state.LastGoodAt, state.LastGoodBackup) = (second, "shop-web-again");
            await db.SaveChangesAsync();
        }
        Assert.Equal(ProtectionStatus.Protected, await ReadAsync(world.Replica, second.AddMinutes(5)));
        Assert.Equal(1, await EventsAsync(world));
        Assert.Equal(ProtectionStatus.AtRisk, await ReadAsync(world.Replica, second + rpo + TimeSpan.FromHours(1)));
        Assert.Equal(2, await EventsAsync(world));

        // Both reach the tenant's channel, with the status reader's reason and a link to the namespace's page.
        await NotificationWorld.RunUntilAsync(world.Worker("w1"), () => Task.FromResult(world.Receiver.Received.Count >= 2), "both events delivered");
        Assert.Equal(2, world.Receiver.Received.Count);
        foreach (var (headers, body, _) in world.Receiver.Received)
        {
            Assert.Equal("ProtectionAtRisk", headers["X-Portal-Event"]);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("At risk: shop-web on prod-1", json.RootElement.GetProperty("title").GetString());
            Assert.Contains("more than", json.RootElement.GetProperty("detail").GetString());
            Assert.Equal($"https://portal.example.test/namespaces/{namespaceId}", json.RootElement.GetProperty("url").GetString());
        }
    }

    [Fact]
    public async Task NamespaceWithNoBackupLeft_TurningUnprotected_IsTold()
    {
        await using var world = await NotificationWorld.CreateAsync(NotificationEventType.ProtectionAtRisk);
        await using (var db = await world.Replica.OpenAllAsync())
        {
            db.TenantNamespaces.Add(new TenantNamespace(world.TenantId, world.ClusterId, "shop-db", T0.AddDays(-1), "seed"));
            db.NamespaceRpoStates.Add(new NamespaceRpoState(world.TenantId, world.ClusterId, "shop-db", T0) { LastGoodAt = T0.AddHours(-1) });
            await db.SaveChangesAsync();
        }
        Assert.Equal(ProtectionStatus.Protected, await ReadAsync(world.Replica, T0));
        await using (var db = await world.Replica.OpenAllAsync())
        {
            (await db.NamespaceRpoStates.SingleAsync()).LastGoodAt = null; // its only backup expired
            await db.SaveChangesAsync();
        }

        Assert.Equal(ProtectionStatus.Unprotected, await ReadAsync(world.Replica, T0.AddMinutes(5)));

        await using var read = await world.Replica.OpenAllAsync();
        var e = await read.NotificationEvents.AsNoTracking().SingleAsync(x => x.Type == NotificationEventType.ProtectionAtRisk);
        Assert.Equal(("Unprotected: shop-db on prod-1", "No protection policy and no backup."), (e.Title, e.Detail));
    }

    /// <summary>One reading of the cluster as the follower makes it; returns the namespace's status.</summary>
    private static async Task<ProtectionStatus> ReadAsync(PortalReplica replica, DateTimeOffset now)
    {
        await using var db = await replica.OpenAllAsync();
        var clusterId = await db.Clusters.Select(c => c.Id).SingleAsync();
        var statuses = await replica.Services.GetRequiredService<NamespaceStatusReader>()
            .ReadAsync(db, new NamespaceStatusFilter(ClusterId: clusterId), now, CancellationToken.None);
        await ProtectionStatusChanges.RecordAsync(db, clusterId, "prod-1", statuses, now, CancellationToken.None);
        await db.SaveChangesAsync();
        return Assert.Single(statuses).Verdict.Status;
    }

    private static async Task<int> EventsAsync(NotificationWorld world)
    {
        await using var db = await world.Replica.OpenAllAsync();
        return await db.NotificationEvents.CountAsync(e => e.Type == NotificationEventType.ProtectionAtRisk);
    }
}
