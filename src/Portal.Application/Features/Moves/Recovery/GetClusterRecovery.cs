using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Recovery;

/// <param name="ReplacementClusterId">The chosen replacement; null lists the choices only.</param>
public sealed record GetClusterRecoveryQuery(Guid LostClusterId, Guid? ReplacementClusterId = null);

/// <summary>A cluster that may replace the lost one: registered, reachable, with Velero.</summary>
public sealed record ReplacementChoice(Guid Id, string Name, bool Usable, string? WhyNot);

/// <summary>The "Recover cluster ..." page: the lost cluster, the replacements to choose from, and for the chosen one the
/// plan as it would be built now (which namespaces come back from which backup, which cannot and why).</summary>
public sealed record ClusterRecoveryView(Guid LostClusterId, string LostCluster, ClusterHealth Health, string? HealthMessage, DateTimeOffset? HealthCheckedAt,
    IReadOnlyList<ReplacementChoice> Replacements, Guid? ReplacementClusterId, IReadOnlyList<RecoveryCandidate> Candidates, string? ReplacementProblem,
    IReadOnlyList<ActiveRecovery> ActivePlans)
{
    public bool IsLost => Health == ClusterHealth.Unreachable;
}

/// <summary>A recovery plan of the cluster already made.</summary>
public sealed record ActiveRecovery(Guid PlanId, string Name, string Replacement);

/// <summary>Builds the recovery view from the database and the replacement only: the lost cluster is never contacted.
/// For SREs and platform engineers who cover the whole estate or the cluster.</summary>
public sealed class GetClusterRecovery(UseCaseServices s, RecoverySurvey survey) : IUseCase
{
    public async Task<Result<ClusterRecoveryView>> HandleAsync(GetClusterRecoveryQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!MigrationAccess.MayRecover(caller, q.LostClusterId))
            return caller.Refuse("Only SREs and platform engineers of the whole estate or of this cluster can recover it.");
        await using var db = await s.OpenAsync(caller, ct);
        var clusters = await db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null).OrderBy(c => c.Name).ToListAsync(ct);
        var lost = clusters.FirstOrDefault(c => c.Id == q.LostClusterId);
        if (lost is null) return Error.NotFound("The cluster");
        var choices = clusters.Where(c => c.Id != lost.Id).Select(c => new ReplacementChoice(c.Id, c.Name, WhyNot(c) is null, WhyNot(c))).ToList();
        var plans = await db.MigrationPlans.AsNoTracking().Where(p => p.Purpose == MigrationPlanPurpose.Recovery && p.SourceClusterId == lost.Id)
            .OrderByDescending(p => p.CreatedAt).ToListAsync(ct);
        var active = plans.Select(p => new ActiveRecovery(p.Id, p.Name, clusters.FirstOrDefault(c => c.Id == p.TargetClusterId)?.Name ?? "?")).ToList();
        var view = new ClusterRecoveryView(lost.Id, lost.Name, lost.Health, lost.HealthMessage, lost.HealthCheckedAt, choices, null, [], null, active);
        if (q.ReplacementClusterId is not { } rid) return view;
        var replacement = clusters.FirstOrDefault(c => c.Id == rid);
        if (replacement is null || replacement.Id == lost.Id) return Error.Validation("Choose a registered cluster other than the lost one as the replacement.");
        if (!MigrationAccess.MayRecover(caller, lost.Id, replacement.Id))
            return caller.Refuse($"Recovering onto {replacement.Name} needs an SRE or platform engineer of the whole estate or of both clusters.");
        if (WhyNot(replacement) is { } why) return view with { ReplacementClusterId = rid, ReplacementProblem = why };
        var candidates = await survey.ReadAsync(db, lost, replacement, s.Now, ct);
        return candidates.IsSuccess
            ? view with { ReplacementClusterId = rid, Candidates = candidates.Value! }
            : view with { ReplacementClusterId = rid, ReplacementProblem = candidates.Error!.Message };
    }

    /// <summary>Why a cluster cannot be the replacement, in words; null when it can.</summary>
    public static string? WhyNot(Cluster c) =>
        c.Health != ClusterHealth.Reachable ? $"{c.Name} is {c.Health}{(c.HealthMessage is { } m ? $" ({m})" : "")}: a replacement must answer."
        : !c.Capabilities.VeleroInstalled ? $"{c.Name} has no Velero: the recovery restores the backups with it."
        : null;
}
