using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Application.Features.Moves.Recovery;
using Portal.Domain.Access;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Applications;

public sealed record ListMigrationCandidatesQuery(Guid PlanId);

/// <summary>The namespaces on the plan's source cluster that the caller may plan to move (their tenant is in the
/// architect's scope), with the Argo CD Applications and Flux Kustomizations deploying into each, read live.</summary>
public sealed class ListMigrationCandidates(UseCaseServices s, MigrationInspector inspector) : IUseCase
{
    public async Task<Result<MigrationCandidates>> HandleAsync(ListMigrationCandidatesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.PlanAsync(db, caller, q.PlanId, ct);
        if (!found.IsSuccess) return found.Error!;
        var plan = found.Value!;
        if (plan.IsRecovery) return Error.Validation(RecoveryRules.NoAdding);
        if (!MigrationAccess.MayPlan(caller, plan)) return caller.Refuse("Only migration architects can add applications to plans.");
        var namespaces = (await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == plan.SourceClusterId)
                .Join(db.Tenants.AcrossTenants(), n => n.TenantId, t => t.Id, (n, t) => new { n.Id, n.Namespace, n.TenantId, Tenant = t.DisplayName }).ToListAsync(ct))
            .Where(n => caller.Can(Permission.PlanMigrations, n.TenantId, plan.SourceClusterId)).OrderBy(n => n.Namespace).ToList();
        var active = await ActivePlans.ByNamespaceAsync(db, plan.SourceClusterId, ct);

        var (source, _) = await MigrationLookup.ClustersAsync(db, plan, ct);
        ILookup<string, GitOpsReference> gitOps;
        string? problem = null;
        try
        {
            gitOps = await inspector.FindGitOpsAsync(source, ct);
        }
        catch (MigrationClusterException ex)
        {
            gitOps = Array.Empty<(string, GitOpsReference)>().ToLookup(x => x.Item1, x => x.Item2);
            problem = ex.Explanation + " Argo CD Applications and Flux Kustomizations cannot be listed until it answers.";
        }
        return new MigrationCandidates(namespaces.Select(n => new MigrationCandidate(n.Id, n.Namespace, n.Tenant, gitOps[n.Namespace].ToList(),
            active.GetValueOrDefault(n.Namespace))).ToList(), problem);
    }
}

/// <summary>Which namespaces of a cluster are already part of a plan that is not over (not closed, not rolled back or skipped).</summary>
internal static class ActivePlans
{
    public static async Task<Dictionary<string, string>> ByNamespaceAsync(Abstractions.IPortalDbContext db, Guid sourceClusterId, CancellationToken ct)
    {
        var rows = await db.MigrationApplications.AcrossTenants().AsNoTracking()
            .Where(a => a.ClusterId == sourceClusterId && a.Status != MigrationApplicationStatus.Skipped && a.Status != MigrationApplicationStatus.RolledBack)
            .Join(db.MigrationWaves, a => a.WaveId, w => w.Id, (a, w) => new { a.SourceNamespace, a.PlanId, w.Status, Wave = w.Name })
            .Where(x => x.Status != MigrationWaveStatus.Closed)
            .Join(db.MigrationPlans, x => x.PlanId, p => p.Id, (x, p) => new { x.SourceNamespace, x.Wave, Plan = p.Name })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.SourceNamespace).ToDictionary(g => g.Key, g => $"plan \"{g.First().Plan}\", wave \"{g.First().Wave}\"");
    }

    /// <summary>Another application still in play that lands in the same namespace of the same target cluster: two moves
    /// into one namespace would share it, and rolling one back would remove the other's objects with it.</summary>
    public static async Task<string?> TargetTakenAsync(Abstractions.IPortalDbContext db, Guid targetClusterId, string targetNamespace,
        Guid? exceptApplicationId, CancellationToken ct)
    {
        var row = await db.MigrationApplications.AcrossTenants().AsNoTracking()
            .Where(a => a.TargetNamespace == targetNamespace && a.Id != exceptApplicationId
                && a.Status != MigrationApplicationStatus.Skipped && a.Status != MigrationApplicationStatus.RolledBack)
            .Join(db.MigrationPlans, a => a.PlanId, p => p.Id, (a, p) => new { a.SourceNamespace, a.WaveId, p.TargetClusterId, Plan = p.Name })
            .Where(x => x.TargetClusterId == targetClusterId)
            .Join(db.MigrationWaves, x => x.WaveId, w => w.Id, (x, w) => new { x.SourceNamespace, x.Plan, w.Status })
            .Where(x => x.Status != MigrationWaveStatus.Closed)
            .FirstOrDefaultAsync(ct);
        return row is null ? null : $"{targetNamespace} on the target is already where {row.SourceNamespace} moves (plan \"{row.Plan}\"); choose another target namespace.";
    }
}
