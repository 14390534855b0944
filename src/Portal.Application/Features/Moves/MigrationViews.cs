using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves;

/// <summary>One row of the plans list.</summary>
public sealed record MigrationPlanSummary(Guid Id, string Name, string SourceCluster, string TargetCluster, string AuthorName,
    DateTimeOffset CreatedAt, int Waves, int Applications, int Moved, int Underway, int Pending, string Stage);

/// <summary>A plan with its waves and the applications the caller may see (another tenant's are counted, not shown).
/// The entities are detached snapshots; the flags say what the caller may do (the use cases check again).</summary>
public sealed record MigrationPlanView(MigrationPlan Plan, string SourceCluster, string TargetCluster, IReadOnlyList<MigrationWaveView> Waves,
    bool CallerMayPlan, bool CallerMayApprove, IReadOnlyList<UnrecoverableView>? Unrecoverable = null);

/// <summary>A namespace of a lost cluster its recovery cannot bring back from a backup, with the reason.</summary>
public sealed record UnrecoverableView(string Tenant, string Namespace, string Reason);

public sealed record MigrationWaveView(MigrationWave Wave, IReadOnlyList<MigrationApplicationView> Applications, int HiddenApplications,
    IReadOnlyList<string> NotReady, bool CallerMaySubmit, bool CallerMayDecide, bool CallerMayClose, bool CallerMayRollBack)
{
    public int Moved => Applications.Count(a => a.Application.Status == MigrationApplicationStatus.Moved);
}

public sealed record MigrationApplicationView(MigrationApplication Application, string Tenant, bool OwnerAcknowledgementRequired,
    bool CallerMayEdit, bool CallerMayAcknowledge, bool CallerMayRollBack, bool CallerMayRetry = false);

/// <summary>A namespace on the plan's source cluster that the caller may plan to move, with the GitOps objects found
/// deploying into it, and the plan it is already part of (if any).</summary>
public sealed record MigrationCandidate(Guid TenantNamespaceId, string Namespace, string Tenant, IReadOnlyList<GitOpsReference> GitOps, string? AlreadyIn);

/// <summary>The candidates, and what went wrong reading the cluster (the list is then without GitOps objects).</summary>
public sealed record MigrationCandidates(IReadOnlyList<MigrationCandidate> Items, string? ClusterProblem);

/// <summary>The transformed manifests of an application, as its last preflight produced them.</summary>
public sealed record MigrationManifests(string FileName, string Yaml, int ObjectCount, IReadOnlyList<string> Skipped, IReadOnlyList<string> Notes, DateTimeOffset? At);
