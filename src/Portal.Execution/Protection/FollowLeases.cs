using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Protection;

namespace Portal.Execution.Protection;

/// <summary>The <see cref="ClusterFollowLease"/> rows: which replica follows which cluster. Taking, renewing and releasing
/// are optimistic (the row's Version, or its key for the first take), so of two replicas racing exactly one wins, on
/// PostgreSQL and SQLite alike.</summary>
internal sealed class FollowLeases(IPortalDbContextFactory factory, TimeProvider time)
{
    /// <summary>Takes the cluster's lease for <paramref name="holder"/> (free, expired, or ours already: a renewal) until
    /// now + <paramref name="duration"/>; false when another replica holds it or won the race.</summary>
    public async Task<bool> TryTakeAsync(Guid clusterId, string holder, TimeSpan duration, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        var now = time.GetUtcNow();
        var lease = await db.ClusterFollowLeases.FirstOrDefaultAsync(l => l.ClusterId == clusterId, ct);
        if (lease is null) db.ClusterFollowLeases.Add(new ClusterFollowLease(clusterId, holder, now + duration, now));
        else if (!lease.TryTake(holder, now + duration, now)) return false;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another replica took or renewed it first (a concurrency conflict, or the same key inserted twice).
            return false;
        }
    }

    /// <summary>Lets the cluster go at once (shutdown), so another replica need not wait for the lease to expire.</summary>
    public async Task ReleaseAsync(Guid clusterId, string holder, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        var lease = await db.ClusterFollowLeases.FirstOrDefaultAsync(l => l.ClusterId == clusterId, ct);
        if (lease is null || lease.Holder != holder) return;
        lease.Release(holder, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Taken over meanwhile: nothing of ours to release.
        }
    }
}
