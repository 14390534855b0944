using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;

namespace Portal.Application.Features.Recovery.Drills;

public sealed record GetPolicyDrillScheduleQuery(Guid PolicyId);

/// <param name="Schedule">Null when the policy's namespaces are not drilled on a schedule.</param>
/// <param name="CanChange">The caller may schedule the policy's drills (a platform engineer over the whole estate).</param>
public sealed record PolicyDrillScheduleView(Guid PolicyId, DrillScheduleView? Schedule, bool CanChange, TimeSpan MaxKeepForInspection);

/// <summary>A protection policy's drill schedule (every namespace it protects drilled on that cron), for its page. Policy schedules
/// belong to no tenant; only platform engineers over the whole estate see and change them.</summary>
public sealed class GetPolicyDrillSchedule(UseCaseServices s, Microsoft.Extensions.Options.IOptions<DrillOptions> options) : IUseCase
{
    public async Task<Result<PolicyDrillScheduleView>> HandleAsync(GetPolicyDrillScheduleQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManagePolicies)) return caller.Refuse("Only platform engineers see a policy's drill schedule.");
        await using var db = await s.OpenAsync(caller, ct);
        if (!await db.ProtectionPolicies.AnyAsync(p => p.Id == q.PolicyId, ct)) return Error.NotFound("The policy");
        var schedule = await db.DrillSchedules.AcrossTenants().AsNoTracking().FirstOrDefaultAsync(x => x.PolicyId == q.PolicyId, ct);
        return new PolicyDrillScheduleView(q.PolicyId, schedule is null ? null : DrillScheduleView.Of(schedule),
            caller.CanEstateWide(Permission.RunRestoreDrill), options.Value.MaxKeepForInspection);
    }
}
