using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Api.Filters;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Cancel;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Features.Requests.List;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Requests;

namespace Portal.Api.Endpoints;

/// <summary>Asking, following and deciding: the same use cases as the UI's forms, so the same rules, approvals and audit.
/// Asking is asynchronous: 202 with the request's address.</summary>
internal static class RequestEndpoints
{
    public static string Href(Guid requestId) => $"{ApiSetup.Prefix}/requests/{requestId}";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/namespaces/{id:guid}/backups", AskForBackupAsync)
            .WithName("AskForBackup").WithSummary("Ask for a backup of the namespace (approved by the tenant's policy)").WithTags("Backups")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<AskedView>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

        api.MapGet("/requests", ListAsync)
            .WithName("ListRequests").WithSummary("Requests the caller may see, newest first, by cursor").WithTags("Requests")
            .Produces<RequestPage>().ProducesValidationProblem();

        api.MapGet("/requests/{id:guid}", async (Guid id, GetRequestDetails details, CancellationToken ct) =>
                ApiProblems.Ok(await details.HandleAsync(new GetRequestDetailsQuery(id), ct)))
            .WithName("GetRequest").WithSummary("One request with its timeline").WithTags("Requests")
            .Produces<RequestDetails>().ProducesProblem(404);

        api.MapPost("/requests/{id:guid}/cancel", async (Guid id, CancelRequest cancel, CancellationToken ct) =>
            {
                var result = await cancel.HandleAsync(new CancelRequestCommand(id), ct);
                return result.IsSuccess ? TypedResults.Ok(new RequestChangedView(id, RequestStatus.Cancelled, Href(id))) : ApiProblems.From(result.Error!);
            })
            .WithName("CancelRequest").WithSummary("Withdraw a request that has not started").WithTags("Requests")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<RequestChangedView>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

        api.MapPost("/requests/{id:guid}/approve", (Guid id, DecisionBody? body, DecideOnRequest decide, CancellationToken ct) =>
                DecideAsync(id, true, body, decide, ct))
            .WithName("ApproveRequest").WithSummary("Approve a request someone else asked for").WithTags("Requests")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<RequestChangedView>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);

        api.MapPost("/requests/{id:guid}/reject", (Guid id, DecisionBody? body, DecideOnRequest decide, CancellationToken ct) =>
                DecideAsync(id, false, body, decide, ct))
            .WithName("RejectRequest").WithSummary("Reject a request someone else asked for, saying why").WithTags("Requests")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<RequestChangedView>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
    }

    private static async Task<IResult> AskForBackupAsync(Guid id, AskForBackupBody? body, SubmitBackupRequest submit, CancellationToken ct)
    {
        body ??= new AskForBackupBody();
        if (!ApiInput.TryEnum("volumeMode", body.VolumeMode, VolumeBackupMode.Snapshot, out var mode, out var problem)) return problem!;
        var result = await submit.HandleAsync(new SubmitBackupRequestCommand(id, body.TtlHours ?? 720, mode, body.StorageLocation, body.Reason), ct);
        if (!result.IsSuccess)
        {
            var error = result.Error!;
            // The use case's words for a bad retention are about how long to keep the backup: name the API's field.
            return ApiProblems.From(error.Kind == ErrorKind.Validation && error.Field is null && error.Message.StartsWith("Keep the backup", StringComparison.Ordinal)
                ? error with { Field = "ttlHours" } : error);
        }
        return TypedResults.Accepted(Href(result.Value), new AskedView(result.Value, Href(result.Value)));
    }

    private static async Task<IResult> DecideAsync(Guid id, bool approve, DecisionBody? body, DecideOnRequest decide, CancellationToken ct)
    {
        var result = await decide.HandleAsync(new DecideOnRequestCommand(id, approve, body?.Comment), ct);
        if (result.IsSuccess) return TypedResults.Ok(new RequestChangedView(id, result.Value, Href(id)));
        var error = result.Error!;
        return ApiProblems.From(error.Kind == ErrorKind.Validation && error.Field is null ? error with { Field = "comment" } : error);
    }

    private static async Task<IResult> ListAsync(string? status, string? kind, Guid? clusterId, string? search, bool? mine, int? limit, string? cursor,
        ListRequests list, CancellationToken ct)
    {
        if (!ApiInput.TryFilter<RequestStatus>("status", status, out var statusFilter, out var problem)
            || !ApiInput.TryFilter<RequestKind>("kind", kind, out var kindFilter, out problem))
            return problem!;
        var take = limit ?? 25;
        if (take is < 1 or > ApiInput.MaxLimit) return ApiProblems.Field("limit", $"limit must be between 1 and {ApiInput.MaxLimit} (it is {take}).");
        RequestCursor? after = null;
        if (cursor is not null && (after = Cursors.Parse(cursor)) is null)
            return ApiProblems.Field("cursor", "cursor is not one this API gave out; pass the nextCursor of the previous page as it is.");

        var result = await list.HandleAsync(new ListRequestsQuery(new PageRequest(0, take), statusFilter, kindFilter, clusterId, search, mine ?? false)
            { After = after }, ct);
        if (!result.IsSuccess) return ApiProblems.From(result.Error!);
        var items = result.Value!.Items;
        return TypedResults.Ok(new RequestPage(items, result.Value.TotalCount, items.Count < take ? null : Cursors.After(items, after), result.Value.IsCountCapped));
    }
}
