using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Notifications;

namespace Portal.Infrastructure.Persistence.Queue;

/// <summary>The notification outbox and delivery rows as a durable queue, claimed as <see cref="RequestQueue"/> claims
/// requests: on PostgreSQL the candidate row is locked with FOR UPDATE SKIP LOCKED (<see cref="RowLock"/>); on every
/// provider the claim is the entity's own, saved under its concurrency token, so of two workers exactly one wins.</summary>
internal sealed class NotificationQueue(IPortalDbContextFactory factory, TimeProvider time) : INotificationQueue
{
    public Task<Guid?> ClaimEventAsync(string owner, TimeSpan lease, CancellationToken ct) =>
        ClaimAsync(db => ClaimableEvents(db, time.GetUtcNow()).OrderBy(e => e.OccurredAt).Select(e => e.Id),
            async (db, id) => (await db.NotificationEvents.FirstAsync(e => e.Id == id, ct)).Claim(owner, time.GetUtcNow() + lease), ct);

    public Task<Guid?> ClaimDeliveryAsync(string owner, TimeSpan lease, CancellationToken ct) =>
        ClaimAsync(db => DueDeliveries(db, time.GetUtcNow()).OrderBy(d => d.NextAttemptAt).Select(d => d.Id),
            async (db, id) => (await db.NotificationDeliveries.FirstAsync(d => d.Id == id, ct)).Claim(owner, time.GetUtcNow() + lease), ct);

    internal static IQueryable<NotificationEvent> ClaimableEvents(PortalDbContext db, DateTimeOffset now) =>
        db.NotificationEvents.Where(e => e.DispatchedAt == null && (e.LeaseExpiresAt == null || e.LeaseExpiresAt <= now));

    /// <summary>Pending, due, not held by a live lease, and of a channel that is not paused (a paused channel's deliveries
    /// wait for it to be resumed).</summary>
    internal static IQueryable<NotificationDelivery> DueDeliveries(PortalDbContext db, DateTimeOffset now) =>
        db.NotificationDeliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now
            && (d.LeaseExpiresAt == null || d.LeaseExpiresAt <= now)
            && !db.NotificationChannels.Any(c => c.Id == d.ChannelId && c.PausedAt != null));

    private async Task<Guid?> ClaimAsync(Func<PortalDbContext, IQueryable<Guid>> candidates, Func<PortalDbContext, Guid, Task> claim, CancellationToken ct)
    {
        await using var handle = await factory.CreateAsync(TenantScope.Everything, ct);
        var db = (PortalDbContext)handle;
        try
        {
            if (db.Database.IsNpgsql())
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var ids = await RowLock.SkipLocked(candidates(db).Take(1)).ToListAsync(ct);
                if (ids.Count == 0) return null;
                await claim(db, ids[0]);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return ids[0];
            }
            var id = await candidates(db).Take(1).ToListAsync(ct);
            if (id.Count == 0) return null;
            await claim(db, id[0]);
            await db.SaveChangesAsync(ct);
            return id[0];
        }
        catch (DbUpdateConcurrencyException)
        {
            return null; // another worker claimed it first
        }
    }
}
