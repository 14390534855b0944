namespace Portal.Application.Abstractions;

/// <summary>The durable queue is the requests table itself. Claiming is database-specific
/// (FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional update on SQLite), so it sits behind this port.</summary>
public interface IRequestQueue
{
    /// <summary>Atomically takes up to <paramref name="max"/> claimable requests (Queued, or Running with an expired lease),
    /// oldest first, marks each Running under <paramref name="owner"/>'s lease and returns their ids; empty when none is
    /// due. One round of the database for the lot, so an executor with several free slots fills them at once.</summary>
    Task<IReadOnlyList<Guid>> ClaimAsync(string owner, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>One request, as <see cref="ClaimAsync"/>; null when none is due.</summary>
    async Task<Guid?> ClaimNextAsync(string owner, TimeSpan lease, CancellationToken ct) =>
        await ClaimAsync(owner, lease, 1, ct) is [var id] ? id : null;
}
