using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Api.Filters;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Domain.Databases;

namespace Portal.Api.Endpoints;

/// <summary>Registered databases and their dumps: the same queries as the Databases pages, and "dump now" through the Dump now
/// button's use case (RunDumpNow), so the same rights (database engineers of the tenant), policy and audit.</summary>
internal static class DatabaseEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/databases", async (Guid? tenantId, ListDatabases list, CancellationToken ct) =>
                ApiProblems.Ok(await list.HandleAsync(new ListDatabasesQuery(tenantId), ct)))
            .WithName("ListDatabases").WithSummary("Databases registered in the caller's tenants").WithTags("Databases")
            .Produces<IReadOnlyList<DatabaseView>>().ProducesProblem(403);

        api.MapGet("/databases/{id:guid}", async (Guid id, GetDatabaseDetails details, CancellationToken ct) =>
                ApiProblems.Ok(await details.HandleAsync(new GetDatabaseDetailsQuery(id), ct)))
            .WithName("GetDatabase").WithSummary("One database with its dump schedules, newest dumps and RPO status").WithTags("Databases")
            .Produces<DatabaseDetails>().ProducesProblem(404);

        api.MapGet("/databases/{id:guid}/dumps", ListDumpsAsync)
            .WithName("ListDumps").WithSummary("The database's dumps, newest first, paged").WithTags("Databases")
            .Produces<Page<DumpArtifactView>>().ProducesValidationProblem().ProducesProblem(404);

        api.MapPost("/databases/{id:guid}/dumps", DumpNowAsync)
            .WithName("DumpNow").WithSummary("Dump the database now with one of its schedules (approved by the tenant's policy)").WithTags("Databases")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<AskedView>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).ProducesProblem(422);
    }

    private static async Task<IResult> ListDumpsAsync(Guid id,
        [Description("Only dumps in this state: Running, Succeeded or Failed")] string? status,
        [Description("Only dumps of this schedule")] Guid? scheduleId,
        [Description("The page, from 0")] int? page,
        [Description("Dumps per page, 1 to 200; 25 when left out")] int? limit,
        ListDumpArtifacts list, CancellationToken ct)
    {
        if (!ApiInput.TryFilter<DumpArtifactStatus>("status", status, out var only, out var problem)
            || !ApiInput.TryPage(page, limit, out var request, out problem))
            return problem!;
        return ApiProblems.Ok(await list.HandleAsync(new ListDumpArtifactsQuery(id, request, only, scheduleId), ct));
    }

    private static async Task<IResult> DumpNowAsync(Guid id, DumpNowBody? body, RunDumpNow dump, CancellationToken ct)
    {
        if (body?.ScheduleId is not { } schedule)
            return ApiProblems.Field("scheduleId", "Choose the schedule to dump with (scheduleId): GET /api/v1/databases/{id} lists the database's schedules.");
        var result = await dump.HandleAsync(new RunDumpNowCommand(schedule, string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason, id), ct);
        if (!result.IsSuccess) return ApiProblems.From(result.Error!);
        var href = RequestEndpoints.Href(result.Value);
        return TypedResults.Accepted(href, new AskedView(result.Value, href));
    }
}
