using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.List;
using Portal.Application.Features.Namespaces;

namespace Portal.Api.Endpoints;

/// <summary>Clusters, namespaces and their backups: the same queries as the UI's lists.</summary>
internal static class ReadEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/clusters", async (ListClusters list, CancellationToken ct) =>
                ApiProblems.Ok(await list.HandleAsync(new ListClustersQuery(), ct)))
            .WithName("ListClusters").WithSummary("Clusters the caller works on").WithTags("Clusters")
            .Produces<IReadOnlyList<ClusterSummary>>().ProducesProblem(403);

        api.MapGet("/namespaces", async (Guid? tenantId, ListMyNamespaces list, CancellationToken ct) =>
                ApiProblems.Ok(await list.HandleAsync(new ListMyNamespacesQuery(tenantId), ct)))
            .WithName("ListNamespaces").WithSummary("Namespaces of the caller's tenants, with what the caller may do on each").WithTags("Namespaces")
            .Produces<IReadOnlyList<TenantNamespaceView>>();

        api.MapGet("/namespaces/{id:guid}", async (Guid id, ListMyNamespaces list, CancellationToken ct) =>
            {
                var all = await list.HandleAsync(new ListMyNamespacesQuery(), ct);
                if (!all.IsSuccess) return ApiProblems.From(all.Error!);
                return all.Value!.FirstOrDefault(n => n.Id == id) is { } ns ? TypedResults.Ok(ns) : ApiProblems.From(Error.NotFound("The namespace"));
            })
            .WithName("GetNamespace").WithSummary("One namespace").WithTags("Namespaces")
            .Produces<TenantNamespaceView>().ProducesProblem(404);

        api.MapGet("/namespaces/{id:guid}/backups", async (Guid id, ListNamespaceBackups list, CancellationToken ct) =>
                ApiProblems.Ok(await list.HandleAsync(new ListNamespaceBackupsQuery(id), ct)))
            .WithName("ListNamespaceBackups").WithSummary("Every Velero backup that contains the namespace, newest first, read live").WithTags("Backups")
            .Produces<IReadOnlyList<NamespaceBackupView>>().ProducesProblem(404).ProducesProblem(503);
    }
}
