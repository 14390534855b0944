using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Protection;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Schedules;
using Portal.Domain.Protection;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Recovery.Drills;

public sealed record RunDueDrillSchedulesCommand;

/// <summary>The portal's own work, run by the drill scheduler as the system user: each drill schedule due now submits its drills
/// through the same path as "run a drill" (<see cref="DrillSubmission"/>: the tenant's approval policy, timeline, audit, queue).
/// Claimed and run as every schedule of the portal's own is (<see cref="DueSchedules"/>): of several replicas only one saves, and a
/// schedule missed for hours (the portal was down) runs once, not once per missed run.</summary>
public sealed class RunDueDrillSchedules(UseCaseServices s, IExecutionSignal signal, IOptions<ProtectionOptions> protection) : IUseCase
{
    public const string Actor = "portal (drill schedule)";

    public async Task<Result<int>> HandleAsync(RunDueDrillSchedulesCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.IsSystem) return caller.Refuse("Only the portal runs drill schedules by itself.");
        return await DueSchedules.RunAsync(s, caller, signal, db => db.DrillSchedules, (db, run) => SubmitAsync(db, caller, run, ct), ct);
    }

    /// <summary>One run: a drill of each namespace of the schedule, added to the run's unit of work.</summary>
    private async Task<IReadOnlyList<OperationRequest>> SubmitAsync(IPortalDbContext db, Security.AccessContext caller, DueRun<DrillSchedule> run,
        CancellationToken ct)
    {
        var (schedule, dueAt, now) = run;
        var requests = new List<OperationRequest>();
        foreach (var ns in await NamespacesAsync(db, schedule, ct))
        {
            var ask = new DrillAsk(ns, schedule.TargetClusterId ?? ns.ClusterId, null, schedule.Checks, schedule.KeepForInspection,
                TargetRto.Of(ns.TargetRto, protection.Value.DefaultTargetRto), DrillTrigger.Scheduled, schedule.Id,
                $"Scheduled drill (\"{schedule.Cron}\" {schedule.TimeZone}, due {dueAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
            var added = await DrillSubmission.AddAsync(db, caller, s, ask, ct);
            if (added.IsSuccess) requests.Add(added.Value.Request);
            else db.Audit(Actor, now, "drill.schedule-skipped", "drill-schedule", schedule.Id.ToString(),
                $"Scheduled drill of {ns.Namespace} not submitted: {added.Error!.Message}", ns.TenantId);
        }

        return requests;
    }

    /// <summary>The namespace of a namespace's schedule (if it is still a tenant's), or every namespace protected by the policy now.</summary>
    private static async Task<List<TenantNamespace>> NamespacesAsync(IPortalDbContext db, DrillSchedule schedule, CancellationToken ct)
    {
        if (!schedule.IsForPolicy)
            return await db.TenantNamespaces.Where(n => n.ClusterId == schedule.ClusterId && n.Namespace == schedule.Namespace && n.TenantId == schedule.TenantId)
                .ToListAsync(ct);
        var protectedBy = await db.NamespaceProtections.AsNoTracking()
            .Where(p => p.PolicyId == schedule.PolicyId && p.State == ProtectionState.Active && p.Target == ProtectionTarget.Namespace)
            .Select(p => new { p.ClusterId, p.Namespace, p.TenantId }).ToListAsync(ct);
        var clusters = protectedBy.Select(p => p.ClusterId).Distinct().ToList();
        var candidates = await db.TenantNamespaces.AsNoTracking().Where(n => clusters.Contains(n.ClusterId)).ToListAsync(ct);
        return candidates.Where(n => protectedBy.Any(p => p.ClusterId == n.ClusterId && p.Namespace == n.Namespace && p.TenantId == n.TenantId))
            .OrderBy(n => n.Namespace, StringComparer.Ordinal).ToList();
    }
}
