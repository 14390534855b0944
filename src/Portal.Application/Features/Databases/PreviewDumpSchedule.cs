using Cronos;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Databases;

public sealed record PreviewDumpScheduleQuery(string Cron, string TimeZone, int Count = 5);

public sealed record DumpSchedulePreview(IReadOnlyList<DateTimeOffset> NextRuns, string TimeZone);

/// <summary>Checks a cron expression and IANA time zone as the DB engineer types them, and lists the next runs
/// (in the zone's local time). The same rules decide whether a schedule can be saved.</summary>
public sealed class PreviewDumpSchedule(TimeProvider time) : IUseCase
{
    public Task<Result<DumpSchedulePreview>> HandleAsync(PreviewDumpScheduleQuery q, CancellationToken ct = default) =>
        Task.FromResult(Preview(q.Cron, q.TimeZone, q.Count, time.GetUtcNow()));

    public static Result<DumpSchedulePreview> Preview(string? cron, string? timeZone, int count, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(cron)) return Error.Validation("Enter a cron expression, e.g. 0 2 * * * for every night at 02:00.");
        if (cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
            return Error.Validation("A CronJob schedule has five fields: minute, hour, day of month, month, day of week.");
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
        return new DumpSchedulePreview(runs, zone.Id);
    }
}
