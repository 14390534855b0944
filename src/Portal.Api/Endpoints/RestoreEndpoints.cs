using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portal.Api.Filters;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Restores.Preview;
using Portal.Domain.Requests;

namespace Portal.Api.Endpoints;

/// <summary>Restores: the preview and the ask of the portal's restore form (PreviewRestore, SubmitRestoreRequest), so the same
/// target rules, confirmations, approvals and audit, and the preview of an asked restore that its page and its approver see
/// (PreviewRestoreRequest). Refusals name the field of this API they are about.</summary>
internal static class RestoreEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/namespaces/{id:guid}/backups/{backup}/restore-preview", PreviewAsync)
            .WithName("PreviewRestore")
            .WithSummary("What restoring the namespace from the backup into the target would do, against the target as it is now; items paged")
            .WithTags("Restores")
            .Produces<RestorePreviewPage>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);

        api.MapPost("/namespaces/{id:guid}/restores", AskForRestoreAsync)
            .WithName("AskForRestore").WithSummary("Ask for a restore of the namespace from one of its backups (approved by the tenant's policy)")
            .WithTags("Restores")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<AskedView>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).ProducesProblem(422).ProducesProblem(503);

        api.MapGet("/requests/{id:guid}/restore-preview", PreviewAskedAsync)
            .WithName("PreviewAskedRestore")
            .WithSummary("What the restore asked for would do, against its target as it is now (what the approver sees); items paged")
            .WithTags("Restores")
            .Produces<RestorePreviewPage>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
    }

    private static async Task<IResult> PreviewAskedAsync(Guid id,
        [Description("Only items with this outcome: Create, Skip, Update, NotRestored or Unknown")] string? outcome,
        [Description("Only items of this kind (Deployment, ConfigMap, ...)")] string? kind,
        [Description("The page of items, from 0")] int? page,
        [Description("Items per page, 1 to 200; 25 when left out")] int? limit,
        [Description("true: read the cluster again instead of the preview computed a moment ago")] string? fresh,
        PreviewRestoreRequest preview, CancellationToken ct)
    {
        if (!ApiInput.TryFilter<PreviewOutcome>("outcome", outcome, out var only, out var problem)
            || !ApiInput.TryBool("fresh", fresh, false, out var again, out problem)
            || !ApiInput.TryPage(page, limit, out var request, out problem))
            return problem!;
        return ApiProblems.Ok(await preview.HandleAsync(new PreviewRestoreRequestQuery(id, only, kind, request, again), ct));
    }

    private static async Task<IResult> PreviewAsync(Guid id, [Description("The Velero backup (one of GET /namespaces/{id}/backups)")] string backup,
        [Description("Where the restore would write (required): the namespace itself, another of the tenant's, or a new name")] string? targetNamespace,
        [Description("None (keep objects that exist) or Update (change them back); None when left out")] string? existingResourcePolicy,
        [Description("true or false: bring the volumes' data back; true when left out")] string? restoreVolumes,
        [Description("Another cluster of the tenant; the namespace's own when left out")] Guid? targetClusterId,
        [Description("Only items with this outcome: Create, Skip, Update, NotRestored or Unknown")] string? outcome,
        [Description("Only items of this kind (Deployment, ConfigMap, ...)")] string? kind,
        [Description("The page of items, from 0")] int? page,
        [Description("Items per page, 1 to 200; 25 when left out")] int? limit,
        [Description("true: read the cluster again instead of the preview computed a moment ago")] string? fresh,
        PreviewRestore preview, CancellationToken ct)
    {
        if (!ApiInput.TryEnum("existingResourcePolicy", existingResourcePolicy, ExistingResourcePolicy.None, out var policy, out var problem)
            || !ApiInput.TryBool("restoreVolumes", restoreVolumes, true, out var volumes, out problem)
            || !ApiInput.TryFilter<PreviewOutcome>("outcome", outcome, out var only, out problem)
            || !ApiInput.TryBool("fresh", fresh, false, out var again, out problem)
            || !ApiInput.TryPage(page, limit, out var request, out problem))
            return problem!;
        return ApiProblems.Ok(await preview.HandleAsync(new PreviewRestoreQuery(id, backup, targetNamespace ?? "", policy, volumes, only, kind, request,
            again, targetClusterId), ct));
    }

    private static async Task<IResult> AskForRestoreAsync(Guid id, AskForRestoreBody? body, SubmitRestoreRequest submit, CancellationToken ct)
    {
        body ??= new AskForRestoreBody();
        if (!ApiInput.TryEnum("existingResourcePolicy", body.ExistingResourcePolicy, ExistingResourcePolicy.None, out var policy, out var problem))
            return problem!;
        var result = await submit.HandleAsync(new SubmitRestoreRequestCommand(id, body.BackupName ?? "", body.TargetNamespace ?? "", policy,
            body.RestoreVolumes ?? true, body.Reason, body.ConfirmExistingTarget ?? false, body.TargetClusterId, body.StorageClassMap,
            body.IngressClassMap, body.KeepGitOpsFrozen ?? false), ct);
        if (!result.IsSuccess) return ApiProblems.From(result.Error!);
        var href = RequestEndpoints.Href(result.Value);
        return TypedResults.Accepted(href, new AskedView(result.Value, href));
    }
}
