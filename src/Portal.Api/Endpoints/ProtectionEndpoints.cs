using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Compliance;

namespace Portal.Api.Endpoints;

/// <summary>Protection status (read): the /protection page's compliance view, worked out from what the portal last observed
/// (no cluster call): the namespaces the caller may see, At risk first, and one namespace's status.</summary>
internal static class ProtectionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/protection/namespaces", async (string? status, Guid? tenantId, Guid? clusterId, int? limit, string? cursor,
                GetComplianceOverview overview, CancellationToken ct) =>
            {
                var filter = ComplianceStatusFilter.All;
                if (status is not null && (!Enum.TryParse(status, true, out filter) || !Enum.IsDefined(filter)))
                    return ApiProblems.Field("status", $"status must be one of {string.Join(", ", Enum.GetNames<ComplianceStatusFilter>())} (it is '{status}').");
                if (Cursors.TryPage(limit, cursor, out var page) is { } problem) return problem;
                var result = await overview.HandleAsync(new GetComplianceOverviewQuery(page, clusterId, tenantId, Status: filter), ct);
                if (!result.IsSuccess) return ApiProblems.From(result.Error!);
                var rows = result.Value!.Rows;
                return TypedResults.Ok(new ProtectionStatusPage(result.Value.Counts, rows.Items.Select(NamespaceProtectionStatus.Of).ToList(), rows.TotalCount,
                    Cursors.NextPage(page, rows.TotalCount)));
            })
            .WithName("ListProtectionStatuses")
            .WithSummary("The protection status of the namespaces the caller may see: At risk first, then Unprotected, then Protected; by cursor")
            .WithTags("Protection")
            .Produces<ProtectionStatusPage>().ProducesValidationProblem().ProducesProblem(403);

        api.MapGet("/namespaces/{id:guid}/protection", async (Guid id, GetComplianceOverview overview, CancellationToken ct) =>
            {
                var result = await overview.HandleAsync(new GetComplianceOverviewQuery(new PageRequest(0, 1), NamespaceId: id), ct);
                if (!result.IsSuccess) return ApiProblems.From(result.Error!);
                return result.Value!.Rows.Items is [var row] ? TypedResults.Ok(NamespaceProtectionStatus.Of(row)) : ApiProblems.From(Error.NotFound("The namespace"));
            })
            .WithName("GetNamespaceProtectionStatus").WithSummary("One namespace's protection status: its RPO, last good backup and why it is At risk")
            .WithTags("Protection")
            .Produces<NamespaceProtectionStatus>().ProducesProblem(403).ProducesProblem(404);
    }
}
