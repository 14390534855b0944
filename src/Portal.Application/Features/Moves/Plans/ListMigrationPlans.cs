using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Plans;

public sealed record ListMigrationPlansQuery(PageRequest Page);

/// <summary>The plans the caller may see, newest first, paged in the database: every plan for architects and
/// approvers, else the plans holding one of the caller's tenants' applications.</summary>
public sealed class ListMigrationPlans(UseCaseServices s) : IUseCase
{
    public async Task<Result<Page<MigrationPlanSummary>>> HandleAsync(ListMigrationPlansQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!MigrationAccess.MayOpenPlans(caller)) return caller.Refuse("You may not see migration plans.");
        await using var db = await s.OpenAsync(caller, ct);
        var plans = db.MigrationPlans.AsNoTracking();
        var estateWide = caller.IsSystem || caller.Grants.Any(g => g.ScopeKind == ScopeKind.Estate
            && (g.Persona.Grants(Permission.PlanMigrations) || g.Persona.Grants(Permission.ApproveMigrations)));
        if (!estateWide)
        {
            // Bound to clusters: plans between two of them; everyone: plans they wrote or that move an application they see.
            var clusterIds = caller.Grants.Where(g => g.ScopeKind == ScopeKind.Cluster
                    && (g.Persona.Grants(Permission.PlanMigrations) || g.Persona.Grants(Permission.ApproveMigrations)))
                .Select(g => g.ClusterId!.Value).ToList();
            var me = caller.Principal.UserId;
            plans = plans.Where(p => (clusterIds.Contains(p.SourceClusterId) && clusterIds.Contains(p.TargetClusterId))
                || p.AuthorId == me || db.MigrationApplications.Any(a => a.PlanId == p.Id));
        }
        var total = await plans.CountAsync(ct);
        var page = await plans.OrderByDescending(p => p.CreatedAt).Skip(q.Page.Skip).Take(q.Page.Take).ToListAsync(ct);
        var ids = page.Select(p => p.Id).ToList();
        var clusterNames = await db.Clusters.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var waves = await db.MigrationWaves.AsNoTracking().Where(w => ids.Contains(w.PlanId))
            .Select(w => new { w.PlanId, w.Status, w.Order }).ToListAsync(ct);
        var apps = await db.MigrationApplications.AsNoTracking().Where(a => ids.Contains(a.PlanId))
            .Select(a => new { a.PlanId, a.Status }).ToListAsync(ct);
        return new Page<MigrationPlanSummary>(page.Select(p =>
        {
            var mine = apps.Where(a => a.PlanId == p.Id).ToList();
            var planWaves = waves.Where(w => w.PlanId == p.Id).OrderBy(w => w.Order).ToList();
            return new MigrationPlanSummary(p.Id, p.Name, clusterNames.GetValueOrDefault(p.SourceClusterId, "?"),
                clusterNames.GetValueOrDefault(p.TargetClusterId, "?"), p.AuthorName, p.CreatedAt, planWaves.Count, mine.Count,
                mine.Count(a => a.Status == MigrationApplicationStatus.Moved),
                mine.Count(a => a.Status is MigrationApplicationStatus.Moving or MigrationApplicationStatus.Paused or MigrationApplicationStatus.RollingBack),
                mine.Count(a => a.Status is MigrationApplicationStatus.Planned or MigrationApplicationStatus.Waiting),
                Stage(planWaves.Select(w => w.Status).ToList()));
        }).ToList(), total);
    }

    /// <summary>The plan in a word: where its least advanced wave is.</summary>
    private static string Stage(IReadOnlyList<MigrationWaveStatus> waves)
    {
        if (waves.Count == 0) return "No waves yet";
        if (waves.Any(w => w == MigrationWaveStatus.Running)) return "Running";
        if (waves.Any(w => w == MigrationWaveStatus.Scheduled)) return "Scheduled";
        if (waves.Any(w => w == MigrationWaveStatus.PendingApproval)) return "Awaiting approval";
        if (waves.Any(w => w == MigrationWaveStatus.Draft)) return "Planning";
        if (waves.Any(w => w == MigrationWaveStatus.CompletedWithProblems)) return "Completed with problems";
        if (waves.All(w => w == MigrationWaveStatus.RolledBack)) return "Rolled back";
        return waves.All(w => w is MigrationWaveStatus.Closed or MigrationWaveStatus.RolledBack) ? "Closed" : "Completed";
    }
}
