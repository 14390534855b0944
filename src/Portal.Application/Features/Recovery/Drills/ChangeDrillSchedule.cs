using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Schedules;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Recovery;

namespace Portal.Application.Features.Recovery.Drills;

/// <summary>Sets the drill schedule of one namespace (<paramref name="TenantNamespaceId"/>) or of every namespace protected by a
/// policy (<paramref name="PolicyId"/>): made when there is none, changed otherwise.</summary>
public sealed record ChangeDrillScheduleCommand(Guid? TenantNamespaceId, Guid? PolicyId, string Cron, string TimeZone, Guid? TargetClusterId = null,
    IReadOnlyList<DrillCheck>? Checks = null, TimeSpan? KeepForInspection = null, bool Enabled = true);

/// <summary>Drills on a schedule: cron and zone checked by the one cron check (<see cref="PreviewSchedule"/>). A namespace's schedule is
/// its tenant's SREs'; a policy's is the platform's (estate-wide).</summary>
public sealed class ChangeDrillSchedule(UseCaseServices s, IOptions<DrillOptions> options) : IUseCase
{
    public async Task<Result<DrillScheduleView>> HandleAsync(ChangeDrillScheduleCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        if ((cmd.TenantNamespaceId is null) == (cmd.PolicyId is null)) return Error.Validation("Schedule drills of one namespace or of one policy.");
        Domain.Tenants.TenantNamespace? ns = null;
        if (cmd.TenantNamespaceId is { } nsId)
        {
            ns = await DrillLookup.NamespaceAsync(db, caller, nsId, tracked: false, ct);
            if (ns is null) return Error.NotFound("The namespace");
            if (!caller.Can(Permission.RunRestoreDrill, ns.TenantId, ns.ClusterId)) return caller.Refuse($"You may not schedule drills of {ns.Namespace}.");
        }
        else
        {
            if (!caller.CanEstateWide(Permission.RunRestoreDrill) || !caller.CanEstateWide(Permission.ManagePolicies))
                return caller.Refuse("Only a platform engineer over the whole estate schedules drills for a policy.");
            if (!await db.ProtectionPolicies.AnyAsync(p => p.Id == cmd.PolicyId && p.RetiredAt == null, ct)) return Error.NotFound("The policy");
        }
        if (cmd.TargetClusterId is { } targetId)
        {
            var target = await DrillLookup.TargetClusterAsync(db, caller, ns?.TenantId ?? Guid.Empty, ns?.ClusterId ?? targetId, targetId, ct);
            if (!target.IsSuccess) return target.Error!;
        }
        var preview = PreviewSchedule.Preview(cmd.Cron, cmd.TimeZone, 1, s.Now);
        if (!preview.IsSuccess) return preview.Error!;
        if (DrillLookup.CheckKeep(cmd.KeepForInspection, options.Value) is { } keep) return keep;
        var checks = cmd.Checks ?? [];
        if (ns is not null && await DrillLookup.CheckChecksAsync(db, ns.ClusterId, ns.Namespace, checks, ct) is { } bad) return bad;
        if (ns is null && checks.Any(c => c.DatabaseId is not null)) return Error.Validation("A policy's drills can only run HTTP checks: databases are registered per namespace.");

        var settings = new DrillScheduleSettings(cmd.Cron, preview.Value!.TimeZone, cmd.TargetClusterId, checks, cmd.KeepForInspection, cmd.Enabled);
        var nextDue = preview.Value.NextRuns[0];
        var schedule = ns is not null
            ? await db.DrillSchedules.FirstOrDefaultAsync(x => x.ClusterId == ns.ClusterId && x.Namespace == ns.Namespace && x.PolicyId == null, ct)
            : await db.DrillSchedules.FirstOrDefaultAsync(x => x.PolicyId == cmd.PolicyId, ct);
        try
        {
            if (schedule is null)
            {
                schedule = ns is not null
                    ? DrillSchedule.ForNamespace(ns.TenantId, ns.ClusterId, ns.Namespace, settings, caller.Principal.DisplayName, nextDue, s.Now)
                    : DrillSchedule.ForPolicy(cmd.PolicyId!.Value, settings, caller.Principal.DisplayName, nextDue, s.Now);
                db.DrillSchedules.Add(schedule);
            }
            else schedule.Change(settings, nextDue, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "drill.schedule-changed", "drill-schedule", schedule.Id.ToString(),
            $"Drills of {(ns is not null ? ns.Namespace : "policy " + cmd.PolicyId)} scheduled \"{settings.Cron}\" ({settings.TimeZone}){(settings.Enabled ? "" : ", disabled")}",
            ns?.TenantId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("Someone changed the drill schedule at the same time; open it again.");
        }
        return DrillScheduleView.Of(schedule);
    }
}
