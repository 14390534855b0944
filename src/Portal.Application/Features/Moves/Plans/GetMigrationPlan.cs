using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Moves;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Moves.Plans;

public sealed record GetMigrationPlanQuery(Guid PlanId);

/// <summary>A plan with its waves and the caller's applications in them, with what the caller may do: the page and the
/// live status board read this. A fixed number of queries, however many applications.</summary>
public sealed class GetMigrationPlan(UseCaseServices s) : IUseCase
{
    public async Task<Result<MigrationPlanView>> HandleAsync(GetMigrationPlanQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!MigrationAccess.MayOpenPlans(caller)) return caller.Refuse("You may not see migration plans.");
        await using var db = await s.OpenAsync(caller, ct);
        var plan = await db.MigrationPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == q.PlanId, ct);
        if (plan is null) return Error.NotFound("The migration plan");
        var apps = await db.MigrationApplications.AsNoTracking().Where(a => a.PlanId == plan.Id).OrderBy(a => a.SourceNamespace).ToListAsync(ct);
        if (!MigrationAccess.MayView(caller, plan, apps.Count > 0)) return Error.NotFound("The migration plan");

        var waves = await db.MigrationWaves.AsNoTracking().Where(w => w.PlanId == plan.Id).OrderBy(w => w.Order).ToListAsync(ct);
        var clusterNames = await db.Clusters.AsNoTracking().Where(c => c.Id == plan.SourceClusterId || c.Id == plan.TargetClusterId)
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var tenantIds = apps.Select(a => a.TenantId).Distinct().ToList();
        var tenants = await db.Tenants.AcrossTenants().AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.DisplayName, ct);
        var ackPolicies = await OwnerAcknowledgement.RequiredForAsync(db, tenantIds, ct);
        // Counted without the tenant filter, so nobody mistakes a wave for smaller than it is.
        var totals = await db.MigrationApplications.AcrossTenants().Where(a => a.PlanId == plan.Id)
            .GroupBy(a => a.WaveId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var mayPlan = MigrationAccess.MayPlan(caller, plan);
        var mayApprove = MigrationAccess.MayApprovePlan(caller, plan);
        var views = waves.Select(w =>
        {
            var waveApps = apps.Where(a => a.WaveId == w.Id).Select(a => new MigrationApplicationView(a, tenants.GetValueOrDefault(a.TenantId, "?"),
                ackPolicies.Contains(a.TenantId),
                CallerMayEdit: w.IsEditable && MigrationAccess.MayPlan(caller, plan, a.TenantId),
                CallerMayAcknowledge: !a.IsOwnerAcknowledged && w.Status is MigrationWaveStatus.Draft or MigrationWaveStatus.PendingApproval
                    && MigrationAccess.MayAcknowledge(caller, a),
                CallerMayRollBack: w.Status != MigrationWaveStatus.Closed && a.CanRollBack && (!a.RollbackRequested || a.Status == MigrationApplicationStatus.RollbackFailed)
                    && a.MigrationRequestId is not null
                    && MigrationAccess.MayRollBack(caller, plan, a),
                CallerMayRetry: w.Status != MigrationWaveStatus.Closed && a.CanRetry && MigrationAccess.MayRollBack(caller, plan, a))).ToList();
            var hidden = totals.GetValueOrDefault(w.Id) - waveApps.Count;
            var notReady = WaveReadiness.NotReady(w, waveApps.Select(v => (v.Application, v.OwnerAcknowledgementRequired)).ToList(), hidden, s.Now);
            var isOwnDecision = w.IsOwnWork(plan, caller.Principal.UserId);
            return new MigrationWaveView(w, waveApps, hidden, notReady,
                CallerMaySubmit: w.IsEditable && mayPlan,
                CallerMayDecide: w.Status == MigrationWaveStatus.PendingApproval && !isOwnDecision && hidden == 0
                    && waveApps.All(a => MigrationAccess.MayApprove(caller, plan, a.Application.TenantId)),
                CallerMayClose: w.Status is MigrationWaveStatus.Completed or MigrationWaveStatus.CompletedWithProblems && (mayPlan || mayApprove),
                CallerMayRollBack: w.Status is MigrationWaveStatus.Running or MigrationWaveStatus.Completed or MigrationWaveStatus.CompletedWithProblems
                    && waveApps.Any(a => a.CallerMayRollBack));
        }).ToList();
        // A recovery's namespaces that no backup brings back: the whole list for who sees the whole plan, a tenant's own otherwise.
        var unrecoverable = plan.Unrecoverable.Where(u => MigrationAccess.SeesWholePlan(caller, plan)
                || caller.Can(Domain.Access.Permission.ViewTenant, u.TenantId, plan.SourceClusterId)).ToList();
        var unrecoverableTenants = await TenantNames.ForAsync(db, unrecoverable.Select(u => u.TenantId), ct);
        return new MigrationPlanView(plan, clusterNames.GetValueOrDefault(plan.SourceClusterId, "?"), clusterNames.GetValueOrDefault(plan.TargetClusterId, "?"),
            views, mayPlan, mayApprove,
            unrecoverable.Select(u => new UnrecoverableView(unrecoverableTenants.GetValueOrDefault(u.TenantId, "?"), u.Namespace, u.Reason)).ToList());
    }
}

/// <summary>Whether a tenant's policy asks its application owners to acknowledge moves (ApprovalPolicy of kind
/// ApplicationMigration; off by default).</summary>
internal static class OwnerAcknowledgement
{
    public static async Task<HashSet<Guid>> RequiredForAsync(Abstractions.IPortalDbContext db, IReadOnlyCollection<Guid> tenantIds, CancellationToken ct)
    {
        // One read for all the tenants, past the caller's scope: an approver bound to clusters must still see the policy.
        var policies = await db.ApprovalPolicies.AcrossTenants().AsNoTracking()
            .Where(p => tenantIds.Contains(p.TenantId) && p.Kind == RequestKind.ApplicationMigration)
            .ToDictionaryAsync(p => p.TenantId, p => p.RequiresApproval, ct);
        var byDefault = ApprovalPolicy.Default(RequestKind.ApplicationMigration).RequiresApproval;
        return tenantIds.Where(t => policies.TryGetValue(t, out var requires) ? requires : byDefault).ToHashSet();
    }
}

/// <summary>Why a wave cannot go on yet, in words: for submitting (planning) and for approving (acknowledgements).</summary>
internal static class WaveReadiness
{
    public static IReadOnlyList<string> NotReady(MigrationWave wave, IReadOnlyList<(MigrationApplication App, bool AckRequired)> apps, int hidden, DateTimeOffset now)
    {
        var reasons = new List<string>();
        if (wave.Status is not (MigrationWaveStatus.Draft or MigrationWaveStatus.PendingApproval)) return reasons;
        if (apps.Count + hidden == 0) reasons.Add("Add at least one application to the wave.");
        if (wave.WindowHasClosed(now)) reasons.Add($"The window closed at {wave.NotAfter:yyyy-MM-dd HH:mm} UTC; move it into the future.");
        reasons.AddRange(apps.Select(a => a.App.NotReadyBecause()).OfType<string>());
        reasons.AddRange(apps.Where(a => a.AckRequired && !a.App.IsOwnerAcknowledged)
            .Select(a => $"{a.App.SourceNamespace}: its owners must acknowledge the move (the tenant's policy asks for it)."));
        return reasons;
    }
}
