namespace Portal.Databases.Specs;

/// <summary>Which older artifacts of the same schedule a successful dump removes. Only files named after
/// this schedule (<c>&lt;scheduleId&gt;-&lt;UTC timestamp&gt;.&lt;ext&gt;</c>) are ever touched.</summary>
public abstract record RetentionPolicy
{
    private RetentionPolicy() { }

    /// <summary>Keep everything.</summary>
    public static RetentionPolicy KeepAll { get; } = new All();

    /// <summary>Keep the newest <paramref name="count"/> artifacts (the new one included).</summary>
    public static RetentionPolicy KeepLast(int count) => new Last(count);

    /// <summary>Delete artifacts whose timestamp is more than <paramref name="days"/> days old.</summary>
    public static RetentionPolicy OlderThanDays(int days) => new Days(days);

    public sealed record All : RetentionPolicy;

    public sealed record Last(int Count) : RetentionPolicy;

    public sealed record Days(int MaxAge) : RetentionPolicy;

    internal IEnumerable<string> Validate()
    {
        if (this is Last { Count: < 1 or > 10_000 } l)
            yield return $"Keep the last {l.Count} dumps is not possible: keep between 1 and 10000.";
        if (this is Days { MaxAge: < 1 or > 36_500 } d)
            yield return $"Keep dumps for {d.MaxAge} days is not possible: keep them between 1 and 36500 days.";
    }
}
