using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;

namespace Portal.Application.Features.Recovery.Drills;

public sealed record RemoveDrillScheduleCommand(Guid ScheduleId);

/// <summary>Stops scheduled drills; the drills already run stay in the history.</summary>
public sealed class RemoveDrillSchedule(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(RemoveDrillScheduleCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var schedule = await db.DrillSchedules.FirstOrDefaultAsync(x => x.Id == cmd.ScheduleId, ct);
        if (schedule is null || (!schedule.IsForPolicy && !caller.Can(Permission.ViewTenant, schedule.TenantId, schedule.ClusterId)))
            return Error.NotFound("The drill schedule");
        var allowed = schedule.IsForPolicy
            ? caller.CanEstateWide(Permission.RunRestoreDrill) && caller.CanEstateWide(Permission.ManagePolicies)
            : caller.Can(Permission.RunRestoreDrill, schedule.TenantId, schedule.ClusterId);
        if (!allowed) return caller.Refuse("You may not remove this drill schedule.");
        db.DrillSchedules.Remove(schedule);
        db.Audit(caller, s.Now, "drill.schedule-removed", "drill-schedule", schedule.Id.ToString(),
            $"Scheduled drills of {(schedule.IsForPolicy ? "policy " + schedule.PolicyId : schedule.Namespace)} removed", schedule.IsForPolicy ? null : schedule.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
