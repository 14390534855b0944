using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Requests;

namespace Portal.Infrastructure.Persistence.Queue;

/// <summary>The requests table is the durable queue; which rows may be claimed is <see cref="ClaimableRule"/>. On
/// PostgreSQL a candidate row is locked with FOR UPDATE SKIP LOCKED (<see cref="RowLock"/>), so replicas never wait on, or take, each other's row. On every provider the
/// claim itself is the domain's <see cref="OperationRequest.Claim"/>, saved under the row's concurrency
/// token: of two executors that raced to the same row, exactly one saves.</summary>
internal sealed class RequestQueue(IPortalDbContextFactory factory, TimeProvider time) : IRequestQueue
{
    public async Task<Guid?> ClaimNextAsync(string owner, TimeSpan lease, CancellationToken ct)
    {
        await using var handle = await factory.CreateAsync(TenantScope.Everything, ct);
        var db = (PortalDbContext)handle;
        var now = time.GetUtcNow();
        try
        {
            if (db.Database.IsNpgsql()) return await ClaimWithRowLockAsync(db, owner, lease, now, ct);
            var candidate = await Claimable(db, now).OrderBy(r => r.UpdatedAt).FirstOrDefaultAsync(ct);
            if (candidate is null) return null;
            candidate.Claim(owner, now + lease, now);
            await db.SaveChangesAsync(ct);
            return candidate.Id;
        }
        catch (DbUpdateConcurrencyException)
        {
            return null; // another executor claimed it first
        }
    }

    private static async Task<Guid?> ClaimWithRowLockAsync(PortalDbContext db, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await RowLock.SkipLocked(Claimable(db, now).OrderBy(r => r.UpdatedAt).Select(r => r.Id).Take(1)).ToListAsync(ct);
        if (ids.Count == 0) return null;
        var request = await db.Requests.FirstAsync(r => r.Id == ids[0], ct);
        request.Claim(owner, now + lease, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return request.Id;
    }

    /// <summary>The requests the executor may claim at <paramref name="now"/>, by the domain's one rule.</summary>
    internal static IQueryable<OperationRequest> Claimable(PortalDbContext db, DateTimeOffset now) => db.Requests.Where(ClaimableRule.At(now));
}
