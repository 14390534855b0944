using Microsoft.EntityFrameworkCore;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Notifications;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;

namespace Portal.Infrastructure.Persistence;

/// <summary>Writes the notification outbox in the same save as the change that causes it: before every save, the
/// changes of requests, drills, waves and cluster health are read from the change tracker and
/// <see cref="NotificationRaiser"/> says which are worth telling. One place for every use case and executor. The one event
/// no tracked change carries, a namespace turning At risk (its status is worked out when read, a backup growing old is no
/// write), is added to the same outbox by the protection follower with the status it records
/// (<c>ProtectionStatusChanges</c>), in one save. Stamped with the portal's clock.</summary>
internal static class NotificationOutbox
{
    public static void Collect(PortalDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var now = db.Clock.GetUtcNow();
        var raised = new List<NotificationEvent>();
        foreach (var e in db.ChangeTracker.Entries<OperationRequest>())
        {
            if (e.State == EntityState.Added)
                Add(raised, NotificationRaiser.ForRequest(e.Entity, null, null, null, e.Entity.UpdatedAt));
            else if (e.State == EntityState.Modified)
                Add(raised, NotificationRaiser.ForRequest(e.Entity, e.Property(r => r.Status).OriginalValue,
                    e.Property(r => r.LeaseOwner).OriginalValue, e.Property(r => r.FailureReason).OriginalValue, e.Entity.UpdatedAt));
        }
        foreach (var e in db.ChangeTracker.Entries<RestoreDrill>().Where(e => e.State == EntityState.Modified))
            Add(raised, NotificationRaiser.ForDrill(e.Entity, e.Property(d => d.Status).OriginalValue, e.Entity.UpdatedAt));
        foreach (var e in db.ChangeTracker.Entries<MigrationWave>().Where(e => e.State == EntityState.Modified))
            Add(raised, NotificationRaiser.ForWave(e.Entity, e.Property(w => w.Status).OriginalValue, now));
        foreach (var e in db.ChangeTracker.Entries<Cluster>().Where(e => e.State == EntityState.Modified))
            Add(raised, NotificationRaiser.ForCluster(e.Entity, e.Property(c => c.Health).OriginalValue, e.Entity.HealthCheckedAt ?? now));
        foreach (var channel in db.ChangeTracker.Entries<NotificationChannel>().Where(e => e.State == EntityState.Modified
                     && e.Property(c => c.PausedAt).OriginalValue is null && e.Entity.PausedAt is not null))
            raised.Add(NotificationRaiser.ChannelPaused(channel.Entity, channel.Entity.PausedAt!.Value));
        if (raised.Count > 0) db.NotificationEvents.AddRange(raised);
    }

    private static void Add(List<NotificationEvent> raised, NotificationEvent? e)
    {
        if (e is not null) raised.Add(e);
    }
}
