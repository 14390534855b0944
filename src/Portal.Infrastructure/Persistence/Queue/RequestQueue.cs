using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Requests;

namespace Portal.Infrastructure.Persistence.Queue;

/// <summary>The requests table is the durable queue. On PostgreSQL a candidate row is locked with
/// FOR UPDATE SKIP LOCKED, so replicas never wait on, or take, each other's row. On every provider the
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
            var candidate = await db.Requests
                .Where(r => r.Status == RequestStatus.Queued
                    || (r.Status == RequestStatus.Running && (r.LeaseExpiresAt == null || r.LeaseExpiresAt <= now)))
                .OrderBy(r => r.UpdatedAt).FirstOrDefaultAsync(ct);
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
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM "Requests"
            WHERE "Status" = 'Queued' OR ("Status" = 'Running' AND ("LeaseExpiresAt" IS NULL OR "LeaseExpiresAt" <= {now}))
            ORDER BY "UpdatedAt"
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (ids.Count == 0) return null;
        var request = await db.Requests.FirstAsync(r => r.Id == ids[0], ct);
        request.Claim(owner, now + lease, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return request.Id;
    }
}
