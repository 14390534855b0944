using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Databases;

namespace Portal.Application.Features.Databases.Schedules;

internal static class ScheduleLookup
{
    /// <summary>The schedule (tracked, for changes) and its database, for a caller who may manage that database.</summary>
    public static async Task<Result<(DumpSchedule Schedule, ManagedDatabase Database)>> ForManagerAsync(IPortalDbContext db, AccessContext caller,
        Guid scheduleId, CancellationToken ct)
    {
        var schedule = await db.DumpSchedules.FirstOrDefaultAsync(x => x.Id == scheduleId, ct);
        if (schedule is null) return Error.NotFound("The dump schedule");
        var database = await DatabaseLookup.ForManagerAsync(db, caller, schedule.DatabaseTargetId, ct);
        if (!database.IsSuccess) return database.Error!.Kind == ErrorKind.NotFound ? Error.NotFound("The dump schedule") : database.Error!;
        return (schedule, database.Value!);
    }
}
