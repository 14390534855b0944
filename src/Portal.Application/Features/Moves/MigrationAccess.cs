using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves;

/// <summary>Who may do what with migrations, stated once for every use case.</summary>
internal static class MigrationAccess
{
    /// <summary>May plan between the two clusters: a plan spans tenants, so the architect is bound to the whole estate
    /// or to both clusters; one bound to a tenant only sees the plans that move the tenant's applications.</summary>
    public static bool MayPlan(AccessContext caller, Guid sourceClusterId, Guid targetClusterId) =>
        CoversBoth(caller, Permission.PlanMigrations, sourceClusterId, targetClusterId);

    public static bool MayPlan(AccessContext caller, MigrationPlan plan) => plan.IsRecovery
        ? MayRecover(caller, plan.SourceClusterId, plan.TargetClusterId)
        : MayPlan(caller, plan.SourceClusterId, plan.TargetClusterId);

    /// <summary>May plan this application: its tenant (or the source cluster) is in the architect's scope.</summary>
    public static bool MayPlan(AccessContext caller, MigrationPlan plan, Guid tenantId) =>
        MayPlan(caller, plan) && caller.Can(plan.IsRecovery ? Permission.RecoverClusters : Permission.PlanMigrations, tenantId, plan.SourceClusterId);

    /// <summary>May recover a lost cluster onto a replacement: platform work over every tenant on the cluster, so the SRE or
    /// platform engineer covers the whole estate or both clusters (one bound to a tenant only sees its applications' status).</summary>
    public static bool MayRecover(AccessContext caller, Guid lostClusterId, Guid replacementClusterId) =>
        CoversBoth(caller, Permission.RecoverClusters, lostClusterId, replacementClusterId);

    /// <summary>May open a lost cluster's recovery (before a replacement is chosen): covers the whole estate or that cluster.</summary>
    public static bool MayRecover(AccessContext caller, Guid lostClusterId) =>
        CoversBoth(caller, Permission.RecoverClusters, lostClusterId, lostClusterId);

    /// <summary>May approve for this application: the approver covers its tenant on both clusters.</summary>
    public static bool MayApprove(AccessContext caller, MigrationPlan plan, Guid tenantId) =>
        !caller.IsSystem
        && caller.Can(Permission.ApproveMigrations, tenantId, plan.SourceClusterId)
        && caller.Can(Permission.ApproveMigrations, tenantId, plan.TargetClusterId);

    public static bool MayApproveAnything(AccessContext caller) => caller.CanAnywhere(Permission.ApproveMigrations);

    /// <summary>Sees every application of the plan's clusters: estate-wide or bound to both clusters, as planner or approver.</summary>
    public static bool SeesWholePlan(AccessContext caller, MigrationPlan plan) =>
        (plan.IsRecovery && MayRecover(caller, plan.SourceClusterId, plan.TargetClusterId))
        || CoversBoth(caller, Permission.PlanMigrations, plan.SourceClusterId, plan.TargetClusterId)
        || CoversBoth(caller, Permission.ApproveMigrations, plan.SourceClusterId, plan.TargetClusterId);

    public static bool MayApprovePlan(AccessContext caller, MigrationPlan plan) =>
        !caller.IsSystem && CoversBoth(caller, Permission.ApproveMigrations, plan.SourceClusterId, plan.TargetClusterId);

    private static bool CoversBoth(AccessContext caller, Permission permission, Guid sourceClusterId, Guid targetClusterId)
    {
        if (caller.IsSystem) return true;
        var grants = caller.Grants.Where(g => g.Persona.Grants(permission)).ToList();
        if (grants.Any(g => g.ScopeKind == ScopeKind.Estate)) return true;
        return grants.Any(g => g.ScopeKind == ScopeKind.Cluster && g.ClusterId == sourceClusterId)
            && grants.Any(g => g.ScopeKind == ScopeKind.Cluster && g.ClusterId == targetClusterId);
    }

    public static bool MayAcknowledge(AccessContext caller, MigrationApplication app) =>
        caller.Can(Permission.AcknowledgeMigrations, app.TenantId, app.ClusterId);

    /// <summary>Architects and approvers may roll back what they see.</summary>
    public static bool MayRollBack(AccessContext caller, MigrationPlan plan, MigrationApplication app) =>
        MayPlan(caller, plan, app.TenantId) || MayApprove(caller, plan, app.TenantId);

    /// <summary>May open the plans at all: everyone with a persona sees the plans that move their tenants' applications, so this
    /// only refuses a caller without any (in practice an access token that carries neither ViewTenant nor ApproveMigrations; a token
    /// never carries PlanMigrations: it is narrowed to tenants, and planning needs the whole estate or both clusters).</summary>
    public static bool MayOpenPlans(AccessContext caller) =>
        caller.CanAnywhere(Permission.ViewTenant) || caller.CanAnywhere(Permission.PlanMigrations) || caller.CanAnywhere(Permission.ApproveMigrations);

    /// <summary>May open the plan: architects and approvers of its clusters, its author, and anyone who sees one of its applications.</summary>
    public static bool MayView(AccessContext caller, MigrationPlan plan, bool seesAnApplication) =>
        SeesWholePlan(caller, plan) || plan.AuthorId == caller.Principal.UserId || seesAnApplication;
}
