using Microsoft.EntityFrameworkCore;
using Portal.Domain.Databases;

namespace Portal.Execution.Databases;

/// <summary>A schedule and the database it dumps, read fresh by an executor (they may have changed since the
/// request was made: suspended, removed, the database re-registered).</summary>
internal sealed record ScheduleContext(DumpSchedule Schedule, DatabaseTarget Database)
{
    /// <summary>Null when either is gone; the executors then fail the request saying so.</summary>
    public static async Task<ScheduleContext?> LoadAsync(RequestRun run, Guid scheduleId, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        var schedule = await db.DumpSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == scheduleId, ct);
        if (schedule is null) return null;
        var database = await db.DatabaseTargets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == schedule.DatabaseTargetId, ct);
        return database is null ? null : new ScheduleContext(schedule, database);
    }

    public static string Missing(RequestRun run) =>
        $"The dump schedule of this request no longer exists in the portal (the database may have been unregistered); nothing was done on {run.Cluster.Name}.";
}
