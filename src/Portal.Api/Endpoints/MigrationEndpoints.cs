using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Api.Filters;
using Portal.Application.Features.Moves;
using Portal.Application.Features.Moves.Plans;
using Portal.Application.Features.Moves.Waves;
using Portal.Domain.Moves;

namespace Portal.Api.Endpoints;

/// <summary>Migration plans and their waves: the plans page's queries and its approve / send back decision, so the same four eyes
/// (nobody decides on a wave they planned or submitted), scope and audit. A token sees the plans that move its tenants' applications
/// and approves a wave only when every application in it is of a tenant it carries ApproveMigrations in.</summary>
internal static class MigrationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/migration-plans", async (int? limit, string? cursor, ListMigrationPlans list, CancellationToken ct) =>
            {
                if (Cursors.TryPage(limit, cursor, out var page) is { } problem) return problem;
                var result = await list.HandleAsync(new ListMigrationPlansQuery(page), ct);
                if (!result.IsSuccess) return ApiProblems.From(result.Error!);
                return TypedResults.Ok(new MigrationPlanPage(result.Value!.Items, result.Value.TotalCount, Cursors.NextPage(page, result.Value.TotalCount)));
            })
            .WithName("ListMigrationPlans").WithSummary("Migration plans the caller may see, newest first, by cursor").WithTags("Migrations")
            .Produces<MigrationPlanPage>().ProducesValidationProblem().ProducesProblem(403);

        api.MapGet("/migration-plans/{id:guid}", async (Guid id, GetMigrationPlan get, CancellationToken ct) =>
            {
                var result = await get.HandleAsync(new GetMigrationPlanQuery(id), ct);
                return result.IsSuccess ? TypedResults.Ok(Details(result.Value!)) : ApiProblems.From(result.Error!);
            })
            .WithName("GetMigrationPlan").WithSummary("One migration plan with its waves and the state of its applications").WithTags("Migrations")
            .Produces<MigrationPlanDetails>().ProducesProblem(403).ProducesProblem(404);

        api.MapPost("/migration-waves/{id:guid}/approve", (Guid id, DecisionBody? body, DecideOnMigrationWave decide, CancellationToken ct) =>
                DecideAsync(id, true, body, decide, ct))
            .WithName("ApproveMigrationWave").WithSummary("Approve a migration wave someone else planned: its moves wait for the wave's window")
            .WithTags("Migrations")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<MigrationWaveDecidedView>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

        api.MapPost("/migration-waves/{id:guid}/reject", (Guid id, DecisionBody? body, DecideOnMigrationWave decide, CancellationToken ct) =>
                DecideAsync(id, false, body, decide, ct))
            .WithName("RejectMigrationWave").WithSummary("Send a migration wave back to planning, saying why").WithTags("Migrations")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<MigrationWaveDecidedView>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
    }

    private static async Task<IResult> DecideAsync(Guid id, bool approve, DecisionBody? body, DecideOnMigrationWave decide, CancellationToken ct)
    {
        var result = await decide.HandleAsync(new DecideOnMigrationWaveCommand(id, approve, body?.Comment), ct);
        return result.IsSuccess
            ? TypedResults.Ok(new MigrationWaveDecidedView(id, approve ? MigrationWaveStatus.Scheduled : MigrationWaveStatus.Draft))
            : ApiProblems.From(result.Error!);
    }

    private static MigrationPlanDetails Details(MigrationPlanView v) => new(v.Plan.Id, v.Plan.Name, v.Plan.Description, v.Plan.IsRecovery,
        v.SourceCluster, v.TargetCluster, v.Plan.AuthorName, v.Plan.CreatedAt, v.CallerMayApprove,
        v.Waves.Select(w => new MigrationWaveState(w.Wave.Id, w.Wave.Order, w.Wave.Name, w.Wave.Status, w.Wave.NotBefore, w.Wave.NotAfter,
            w.Wave.ConcurrencyLimit, w.Wave.SubmittedByName, w.Wave.SubmittedAt, w.Wave.DecidedByName, w.Wave.DecidedAt, w.Wave.DecisionComment,
            w.Wave.StartedAt, w.Wave.EndedAt, w.HiddenApplications, w.NotReady, w.CallerMayDecide,
            w.Applications.Select(a => new MigrationApplicationState(a.Application.Id, a.Application.TenantId, a.Tenant, a.Application.SourceNamespace,
                a.Application.TargetNamespace, a.Application.PlaybookTitle, a.Application.Status, a.Application.StatusDetail, a.OwnerAcknowledgementRequired,
                a.Application.OwnerAcknowledgedByName, a.Application.OwnerAcknowledgedAt,
                a.Application.MigrationRequestId is { } request ? RequestEndpoints.Href(request) : null)).ToList())).ToList(),
        v.Unrecoverable ?? []);
}
