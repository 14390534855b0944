namespace Portal.Application.Abstractions;

/// <summary>The durable queue is the requests table itself. Claiming is database-specific
/// (FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional update on SQLite), so it sits behind this port.</summary>
public interface IRequestQueue
{
    /// <summary>Atomically takes one claimable request (Queued, or Running with an expired lease),
    /// marks it Running under <paramref name="owner"/>'s lease and returns its id; null when none is due.</summary>
    Task<Guid?> ClaimNextAsync(string owner, TimeSpan lease, CancellationToken ct);
}
