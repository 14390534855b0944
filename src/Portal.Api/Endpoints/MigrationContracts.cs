using Portal.Application.Features.Moves;
using Portal.Domain.Moves;

namespace Portal.Api.Endpoints;

/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record MigrationPlanPage(IReadOnlyList<MigrationPlanSummary> Items, int TotalCount, string? NextCursor);

/// <summary>A migration plan with its waves and the applications of them the caller may see (another tenant's are only counted,
/// in <see cref="MigrationWaveState.HiddenApplications"/>).</summary>
/// <param name="CallerMayApprove">The caller may approve waves of this plan (each wave says whether it can be decided now).</param>
public sealed record MigrationPlanDetails(Guid Id, string Name, string? Description, bool IsRecovery, string SourceCluster, string TargetCluster,
    string AuthorName, DateTimeOffset CreatedAt, bool CallerMayApprove, IReadOnlyList<MigrationWaveState> Waves, IReadOnlyList<UnrecoverableView> Unrecoverable);

/// <param name="NotReady">Why the wave cannot be submitted or approved yet, in words; empty when nothing stands in the way.</param>
/// <param name="CallerMayDecide">The caller may approve or reject it now (POST <c>/migration-waves/{id}/approve</c> or <c>/reject</c>).</param>
public sealed record MigrationWaveState(Guid Id, int Order, string Name, MigrationWaveStatus Status, DateTimeOffset NotBefore, DateTimeOffset NotAfter,
    int ConcurrencyLimit, string? SubmittedBy, DateTimeOffset? SubmittedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionComment,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, int HiddenApplications, IReadOnlyList<string> NotReady, bool CallerMayDecide,
    IReadOnlyList<MigrationApplicationState> Applications);

/// <param name="RequestHref">The request that carries out the move, once the wave is approved.</param>
public sealed record MigrationApplicationState(Guid Id, Guid TenantId, string Tenant, string SourceNamespace, string TargetNamespace, string Playbook,
    MigrationApplicationStatus Status, string? StatusDetail, bool OwnerAcknowledgementRequired, string? OwnerAcknowledgedBy, DateTimeOffset? OwnerAcknowledgedAt,
    string? RequestHref);

/// <summary>The wave after the decision: Scheduled (approved: its moves wait for the window) or Draft (sent back to planning).</summary>
public sealed record MigrationWaveDecidedView(Guid Id, MigrationWaveStatus Status);
