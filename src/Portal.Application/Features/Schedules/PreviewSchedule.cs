using Cronos;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Schedules;

public sealed record PreviewScheduleQuery(string Cron, string TimeZone, int Count = 5);

public sealed record SchedulePreview(IReadOnlyList<DateTimeOffset> NextRuns, string TimeZone);

/// <summary>Checks a cron expression and IANA time zone as the user types them, and lists the next runs (in the zone's
/// local time). The one cron check of the portal: the same rules decide whether a dump schedule or a protection
/// policy can be saved. Kubernetes CronJobs and Velero Schedules both read cron with robfig/cron's standard parser,
/// so what it does not understand (L, W, #) is refused here too, though Cronos would read it.</summary>
public sealed class PreviewSchedule(TimeProvider time) : IUseCase
{
    public Task<Result<SchedulePreview>> HandleAsync(PreviewScheduleQuery q, CancellationToken ct = default) =>
        Task.FromResult(Preview(q.Cron, q.TimeZone, q.Count, time.GetUtcNow()));

    public static Result<SchedulePreview> Preview(string? cron, string? timeZone, int count, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(cron)) return Error.Validation("Enter a cron expression, e.g. 0 2 * * * for every night at 02:00.");
        if (cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
            return Error.Validation("A cron schedule has five fields: minute, hour, day of month, month, day of week.");
        if (UsesExtensions(cron.ToUpperInvariant()))
            return Error.Validation($"'{cron.Trim()}' uses L, W or #, which Kubernetes and Velero do not understand: list the days instead (e.g. 28-31, MON-FRI).");
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            return Error.Validation($"'{cron}' is not a valid cron expression: {ex.Message}");
        }
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? "Etc/UTC" : timeZone.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException)
        {
            return Error.Validation($"'{timeZone}' is not an IANA time zone (e.g. Europe/Berlin, America/New_York, Etc/UTC).");
        }
        var runs = expression.GetOccurrences(now, now.AddYears(2), zone, fromInclusive: false).Take(Math.Clamp(count, 1, 50)).ToList();
        if (runs.Count == 0) return Error.Validation($"'{cron}' never runs in the next two years.");
        return new SchedulePreview(runs, zone.Id);
    }

    /// <summary>The longest time between two runs of a valid <paramref name="cron"/> in <paramref name="timeZone"/> over
    /// the coming year (a daily run in a zone with daylight saving leaves 25 hours once a year), with when it begins.</summary>
    public static (TimeSpan Gap, DateTimeOffset After) LongestGap(string cron, string timeZone, DateTimeOffset now)
    {
        var expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone.Trim());
        var longest = (Gap: TimeSpan.Zero, After: now);
        DateTimeOffset? previous = null;
        var runs = 0;
        // A year of runs, at most 20,000 (a run every minute shows its gap within hours).
        foreach (var run in expression.GetOccurrences(now, now.AddYears(1).AddDays(1), zone, fromInclusive: false).Take(20_000))
        {
            if (previous is { } p && run - p > longest.Gap) longest = (run - p, p);
            previous = run;
            runs++;
        }
        // Once a year or less: at least a year lies between runs.
        return runs < 2 ? (TimeSpan.FromDays(366), now) : longest;
    }

    // Month and day names (JUL, WED) hold an L or a W as letters; only a lone L/W or a # is the extension.
    private static bool UsesExtensions(string cron) =>
        cron.Contains('#') || cron.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(f => f.Split(',', '-', '/'))
            .Any(token => token.Any(c => c is 'L' or 'W') && !(token.Length == 3 && token.All(char.IsAsciiLetter)));
}
