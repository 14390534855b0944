using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Protection;
using Portal.Application.Security;
using Portal.Domain.Access;

namespace Portal.Application.Features.Recovery.Drills;

public sealed record GetNamespaceDrillsQuery(Guid TenantNamespaceId);

/// <param name="OwnTargetRto">The namespace's own target RTO; null when it uses <see cref="DefaultTargetRto"/>.</param>
/// <param name="CanRun">The caller may run and schedule drills of the namespace and set its target RTO.</param>
public sealed record NamespaceDrillsView(Guid TenantNamespaceId, string Namespace, Guid ClusterId, TimeSpan TargetRto, TimeSpan? OwnTargetRto,
    TimeSpan DefaultTargetRto, DrillScheduleView? Schedule, IReadOnlyList<DrillScheduleView> PolicySchedules, DrillView? Latest, bool CanRun,
    TimeSpan MaxKeepForInspection);

/// <summary>A namespace's drill panel: its target RTO (own or default), its schedule (and its policy's), its latest drill.</summary>
public sealed class GetNamespaceDrills(UseCaseServices s, IOptions<ProtectionOptions> protection, IOptions<DrillOptions> options) : IUseCase
{
    public async Task<Result<NamespaceDrillsView>> HandleAsync(GetNamespaceDrillsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await DrillLookup.NamespaceAsync(db, caller, q.TenantNamespaceId, tracked: false, ct);
        if (ns is null) return Error.NotFound("The namespace");
        var schedule = await db.DrillSchedules.AsNoTracking()
            .FirstOrDefaultAsync(x => x.ClusterId == ns.ClusterId && x.Namespace == ns.Namespace && x.PolicyId == null && x.TenantId == ns.TenantId, ct);
        var policyIds = await db.NamespaceProtections.AsNoTracking()
            .Where(p => p.ClusterId == ns.ClusterId && p.Namespace == ns.Namespace && p.TenantId == ns.TenantId && p.State == Domain.Protection.ProtectionState.Active)
            .Select(p => p.PolicyId).ToListAsync(ct);
        // Policy schedules have no tenant: read across the filter, only those of the namespace's own policy.
        List<Domain.Recovery.DrillSchedule> policySchedules = [];
        if (policyIds.Count > 0)
            policySchedules = await db.DrillSchedules.AcrossTenants().AsNoTracking()
                .Where(x => x.PolicyId != null && policyIds.Contains(x.PolicyId.Value)).ToListAsync(ct);
        var latest = await db.RestoreDrills.AsNoTracking()
            .Where(d => d.ClusterId == ns.ClusterId && d.Namespace == ns.Namespace && d.TenantId == ns.TenantId)
            .OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync(ct);
        DrillView? latestView = null;
        if (latest is not null)
        {
            var names = await DrillLookup.ClusterNamesAsync(db, [latest.ClusterId, latest.TargetClusterId], ct);
            latestView = DrillView.Of(latest, names.GetValueOrDefault(latest.ClusterId, "?"), names.GetValueOrDefault(latest.TargetClusterId, "?"));
        }
        var fallback = protection.Value.DefaultTargetRto;
        return new NamespaceDrillsView(ns.Id, ns.Namespace, ns.ClusterId, Domain.Recovery.TargetRto.Of(ns.TargetRto, fallback), ns.TargetRto, fallback,
            schedule is null ? null : DrillScheduleView.Of(schedule), policySchedules.Select(DrillScheduleView.Of).ToList(), latestView,
            caller.Can(Permission.RunRestoreDrill, ns.TenantId, ns.ClusterId), options.Value.MaxKeepForInspection);
    }
}
