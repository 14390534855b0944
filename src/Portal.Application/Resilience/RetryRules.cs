namespace Portal.Application.Resilience;

/// <summary>
/// Every retry rule of the portal, by kind of call, with the same numbers as before they were gathered here. The
/// configurable bases stay where they are configured (<c>Execution:RetryBaseDelay</c>, <c>Migrations:PausedRetry</c>,
/// the Kubernetes adapter's <c>WatchBackoffBase</c>); the shapes are here. Which errors each rule retries is
/// <see cref="Transient"/>'s to say.
/// </summary>
public static class RetryRules
{
    /// <summary>A request whose cluster is down goes back to the queue: 5 s, 10 s, 20 s, … doubling per attempt, at most
    /// 5 minutes (a durable next-attempt time, retry n after attempt n + 1).</summary>
    public static Backoff ClusterOutage(TimeSpan baseDelay) => new(baseDelay, MaxDoublings: 10, MaxDelay: TimeSpan.FromMinutes(5));

    /// <summary>A request that hit an unexpected error is tried again after the base delay, without doubling, a few times.</summary>
    public static Backoff UnexpectedError(TimeSpan baseDelay) => new(baseDelay, MaxDoublings: 0);

    /// <summary>An application move paused on a cluster that cannot be reached: each look costs two timeline entries, so it
    /// backs off to eight times the base (15 s, 30 s, 60 s, 120 s, 120 s, …).</summary>
    public static Backoff MovePaused(TimeSpan baseDelay) => new(baseDelay, MaxDoublings: 3);

    /// <summary>A rollback paused on a cluster that cannot be reached looks again after the base delay every time.</summary>
    public static Backoff RollbackPaused(TimeSpan baseDelay) => new(baseDelay, MaxDoublings: 0);

    /// <summary>A watch reconnecting after failure n (1 for the first): <c>unit × 2^min(n,5)</c> plus up to one unit of
    /// jitter (KubeOps' rule), so the first wait is two units and the longest 32 to 33.</summary>
    public static Backoff WatchReconnect(TimeSpan unit) => new(unit, MaxDoublings: 5, Jitter: true);

    /// <summary>A notification the receiver did not take (no answer, 5xx, 408, 429) is sent again: the base (30 s), then
    /// doubling, at most an hour (a durable next-attempt time on the delivery row, retry n after attempt n + 1).</summary>
    public static Backoff NotificationDelivery(TimeSpan baseDelay) => new(baseDelay, MaxDoublings: 8, MaxDelay: TimeSpan.FromHours(1));

    /// <summary>A write that met a concurrent change of a row it touches is tried again at once, three tries in all.</summary>
    public static readonly Backoff WriteConflict = new(TimeSpan.Zero, MaxDoublings: 0);

    public const int WriteConflictAttempts = 3;
}
