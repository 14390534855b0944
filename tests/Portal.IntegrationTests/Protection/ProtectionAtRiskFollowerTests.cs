using Microsoft.EntityFrameworkCore;
using Portal.Domain.Notifications;
using Portal.Domain.Protection;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Protection;

/// <summary>The protection follower itself, on PostgreSQL and the simulated cluster, raises "At risk" once per change: its
/// change of its reading is told with the reason and the namespace's link, and a fall after it was Protected again is told anew.</summary>
public class ProtectionAtRiskFollowerTests
{
    [CrdsFact]
    public async Task LocationUnavailable_TellsAtRiskOnce_AndAgainAfterItWasProtectedInBetween()
    {
        await using var w = await FollowerWorld.CreateAsync();
        await w.Portal.StartFollowerAsync();
        await w.ProtectAsync("shop-frontend", await w.PolicyAsync("gold"));
        await w.StatusUntilAsync("shop-frontend", s => s.Verdict.Status == ProtectionStatus.Protected, "protected by its first run");

        w.Journey.Cluster.Faults.MakeLocationUnavailable("default", "AccessDenied: the bucket policy refuses the Velero role");
        await w.StatusUntilAsync("shop-frontend", s => s.Verdict.Status == ProtectionStatus.AtRisk, "at risk");
        var first = await EventuallyEventsAsync(w, 1);
        Assert.Equal($"/namespaces/{w.Journey.NamespaceId}", first[0].LinkPath);
        Assert.Contains("Backup location default Unavailable", first[0].Detail);
        Assert.Equal(w.Journey.TenantId, first[0].TenantId);

        w.Journey.Cluster.Faults.MakeLocationAvailable("default");
        await w.StatusUntilAsync("shop-frontend", s => s.Verdict.Status == ProtectionStatus.Protected, "protected again");
        await Eventually.UntilAsync(() => LastStatusAsync(w), s => s == nameof(ProtectionStatus.Protected), "the follower recorded Protected", 20000);
        w.Journey.Cluster.Faults.MakeLocationUnavailable("default", "AccessDenied again");
        await EventuallyEventsAsync(w, 2);
    }

    private static async Task<List<NotificationEvent>> EventuallyEventsAsync(FollowerWorld w, int count)
    {
        var events = await Eventually.UntilAsync(() => EventsAsync(w)!, l => l.Count >= count, $"{count} At risk event(s) in the outbox", 20000);
        Assert.Equal(count, events.Count);
        return events;
    }

    private static async Task<List<NotificationEvent>> EventsAsync(FollowerWorld w)
    {
        await using var db = await w.Portal.OpenAllAsync();
        return await db.NotificationEvents.AsNoTracking().Where(e => e.Type == NotificationEventType.ProtectionAtRisk).OrderBy(e => e.OccurredAt).ToListAsync();
    }

    private static async Task<string?> LastStatusAsync(FollowerWorld w)
    {
        await using var db = await w.Portal.OpenAllAsync();
        return (await db.NamespaceRpoStates.AsNoTracking().Where(s => s.Namespace == "shop-frontend").Select(s => s.LastStatus).SingleAsync())?.ToString();
    }
}
