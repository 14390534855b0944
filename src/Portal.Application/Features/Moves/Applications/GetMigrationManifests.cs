using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Moves.Applications;

public sealed record GetMigrationManifestsQuery(Guid ApplicationId);

/// <summary>The transformed manifests of an application as its last preflight produced them (YAML), to review or
/// download before approval. Only for people who may see the plan and the application's tenant.</summary>
public sealed class GetMigrationManifests(UseCaseServices s) : IUseCase
{
    public async Task<Result<MigrationManifests>> HandleAsync(GetMigrationManifestsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var app = await db.MigrationApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == q.ApplicationId, ct);
        if (app is null) return Error.NotFound("The application");
        var plan = await db.MigrationPlans.AsNoTracking().FirstAsync(p => p.Id == app.PlanId, ct);
        if (!MigrationAccess.MayView(caller, plan, seesAnApplication: true)) return Error.NotFound("The application");
        if (app.PreviewYaml is null) return Error.Validation($"Run the preflight of {app.SourceNamespace} first: it produces the manifests.");
        return new MigrationManifests($"{app.SourceNamespace}-to-{app.TargetNamespace}.yaml", app.PreviewYaml, app.PreviewObjectCount,
            app.TransformSkipped, app.TransformNotes, app.PreflightAt);
    }
}
