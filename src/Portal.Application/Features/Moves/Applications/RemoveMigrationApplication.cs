using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Moves.Applications;

public sealed record RemoveMigrationApplicationCommand(Guid ApplicationId);

/// <summary>Takes an application out of a wave in planning.</summary>
public sealed class RemoveMigrationApplication(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(RemoveMigrationApplicationCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.ApplicationAsync(db, cmd.ApplicationId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave, app) = found.Value;
        if (!MigrationAccess.MayPlan(caller, plan, app.TenantId)) return caller.Refuse("Only migration architects can change a plan.");
        if (!wave.IsEditable) return Error.Conflict($"The wave \"{wave.Name}\" is {wave.Status}; applications can only be removed while it is being planned.");
        wave.RecordPlanner(caller.Principal.UserId, s.Now);
        db.MigrationApplications.Remove(app);
        db.Audit(caller, s.Now, "migration.application.removed", "migration-application", app.Id.ToString(),
            $"{app.SourceNamespace} taken out of wave \"{wave.Name}\" of \"{plan.Name}\"", app.TenantId);
        return await MigrationLookup.SaveAsync(db, ct) is { } conflict ? conflict : Unit.Value;
    }
}
