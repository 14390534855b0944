using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Requests;

namespace Portal.Infrastructure.Persistence.Queue;

/// <summary>The requests table is the durable queue; which rows may be claimed is <see cref="ClaimableRule"/>. On
/// PostgreSQL the candidate rows are read and locked in one query with FOR UPDATE SKIP LOCKED (<see cref="RowLock"/>), so
/// replicas never wait on, or take, each other's rows. On every provider the claim itself is the domain's
/// <see cref="OperationRequest.Claim"/>, saved under each row's concurrency token: of two executors that raced to the same
/// row, exactly one saves. A batch is claimed in one transaction: one read, one batched update.</summary>
internal sealed class RequestQueue(IPortalDbContextFactory factory, TimeProvider time) : IRequestQueue
{
    public async Task<IReadOnlyList<Guid>> ClaimAsync(string owner, TimeSpan lease, int max, CancellationToken ct)
    {
        if (max < 1) return [];
        await using var handle = await factory.CreateAsync(TenantScope.Everything, ct);
        var db = (PortalDbContext)handle;
        var now = time.GetUtcNow();
        try
        {
            if (db.Database.IsNpgsql()) return await ClaimWithRowLockAsync(db, owner, lease, max, now, ct);
            var candidates = await Claimable(db, now).OrderBy(r => r.UpdatedAt).Take(max).ToListAsync(ct);
            return await ClaimAllAsync(db, candidates, owner, lease, now, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return []; // another executor claimed one of them first; the others are claimed at the next look
        }
    }

    private static async Task<IReadOnlyList<Guid>> ClaimWithRowLockAsync(PortalDbContext db, string owner, TimeSpan lease, int max,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The whole rows, locked as they are read (the entity has no joined parts, so PostgreSQL can lock them).
        var candidates = await RowLock.SkipLocked(Claimable(db, now).OrderBy(r => r.UpdatedAt).Take(max)).ToListAsync(ct);
        var claimed = await ClaimAllAsync(db, candidates, owner, lease, now, ct);
        await tx.CommitAsync(ct);
        return claimed;
    }

    private static async Task<IReadOnlyList<Guid>> ClaimAllAsync(PortalDbContext db, List<OperationRequest> candidates, string owner,
        TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        if (candidates.Count == 0) return [];
        foreach (var request in candidates) request.Claim(owner, now + lease, now);
        await db.SaveChangesAsync(ct);
        return candidates.Select(r => r.Id).ToList();
    }

    /// <summary>The requests the executor may claim at <paramref name="now"/>, by the domain's one rule.</summary>
    internal static IQueryable<OperationRequest> Claimable(PortalDbContext db, DateTimeOffset now) => db.Requests.Where(ClaimableRule.At(now));
}
