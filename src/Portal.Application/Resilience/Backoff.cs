namespace Portal.Application.Resilience;

/// <summary>
/// How long to wait before retry <c>n</c> (0 for the first retry): <c>Base × 2^min(n, MaxDoublings)</c>, at most
/// <see cref="MaxDelay"/>, plus up to one <see cref="Base"/> of random jitter when asked. The one backoff function: the
/// retry pipelines' delay generator, the durable next-attempt times stored in the database and the watch's reconnects
/// all compute their delays here (<see cref="RetryRules"/> says which numbers each kind of call uses).
/// </summary>
public sealed record Backoff(TimeSpan Base, int MaxDoublings, TimeSpan? MaxDelay = null, bool Jitter = false)
{
    public TimeSpan Delay(int retry, Random? random = null)
    {
        var doublings = Math.Clamp(retry, 0, Math.Clamp(MaxDoublings, 0, 30));
        var ticks = Base.Ticks > long.MaxValue >> doublings ? long.MaxValue : Base.Ticks << doublings;
        if (MaxDelay is { } max) ticks = Math.Min(ticks, max.Ticks);
        var delay = TimeSpan.FromTicks(ticks);
        return Jitter ? delay + Base * (random ?? Random.Shared).NextDouble() : delay;
    }
}
