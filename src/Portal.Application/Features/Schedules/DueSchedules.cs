using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Requests;
using Portal.Domain.Schedules;

namespace Portal.Application.Features.Schedules;

/// <summary>
/// The one way the portal runs its own due schedules (drills, snapshots), as the system user: each schedule due now is claimed
/// by moving its next run past now (<see cref="RecurringSchedule.Ran"/>) and saving under its version together with what the run
/// adds (requests through the one pipeline, audit): of several replicas only one saves, and a schedule missed for hours (the
/// portal was down) runs once, not once per missed run. Then the requests are signalled and announced.
/// </summary>
internal static class DueSchedules
{
    /// <summary>At most this many schedules a round; the rest wait for the next round.</summary>
    public const int PerRound = 50;

    /// <summary>Runs every due schedule of <paramref name="rows"/>; <paramref name="run"/> adds to the unit of work what one run
    /// does and returns the requests it added. The number of requests saved.</summary>
    public static async Task<int> RunAsync<TSchedule>(UseCaseServices s, AccessContext caller, IExecutionSignal signal,
        Func<IPortalDbContext, IQueryable<TSchedule>> rows, Func<IPortalDbContext, DueRun<TSchedule>, Task<IReadOnlyList<OperationRequest>>> run,
        CancellationToken ct)
        where TSchedule : RecurringSchedule
    {
        var now = s.Now;
        List<Guid> due;
        await using (var db = await s.OpenAsync(caller, ct))
            due = await rows(db).AsNoTracking().Where(x => x.Enabled && x.NextDueAt <= now).OrderBy(x => x.NextDueAt).Select(x => x.Id).Take(PerRound)
                .ToListAsync(ct);
        var submitted = 0;
        foreach (var id in due) submitted += await RunOneAsync(s, caller, signal, rows, run, id, now, ct);
        return submitted;
    }

    private static async Task<int> RunOneAsync<TSchedule>(UseCaseServices s, AccessContext caller, IExecutionSignal signal,
        Func<IPortalDbContext, IQueryable<TSchedule>> rows, Func<IPortalDbContext, DueRun<TSchedule>, Task<IReadOnlyList<OperationRequest>>> run,
        Guid scheduleId, DateTimeOffset now, CancellationToken ct)
        where TSchedule : RecurringSchedule
    {
        await using var db = await s.OpenAsync(caller, ct);
        var schedule = await rows(db).FirstOrDefaultAsync(x => x.Id == scheduleId && x.Enabled && x.NextDueAt <= now, ct);
        if (schedule is null) return 0; // another replica ran it
        var dueAt = schedule.NextDueAt;
        var next = PreviewSchedule.Preview(schedule.Cron, schedule.TimeZone, 1, now);
        schedule.Ran(now, next.IsSuccess ? next.Value!.NextRuns[0] : now.AddDays(1));
        var requests = await run(db, new DueRun<TSchedule>(schedule, dueAt, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return 0; // another replica claimed the schedule first (its version moved), or raced an identical ask: nothing of ours was saved
        }

        if (requests.Any(r => r.Status == RequestStatus.Queued)) signal.RequestQueued();
        foreach (var r in requests) s.Notifier.Notify(RequestChange.Of(r));
        return requests.Count;
    }
}

/// <summary>One run of a due schedule: the schedule (already moved past now), when this run was due, and now.</summary>
internal sealed record DueRun<TSchedule>(TSchedule Schedule, DateTimeOffset DueAt, DateTimeOffset Now)
    where TSchedule : RecurringSchedule;
