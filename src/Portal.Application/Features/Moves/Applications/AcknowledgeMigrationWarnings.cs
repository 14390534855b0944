using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;

namespace Portal.Application.Features.Moves.Applications;

public sealed record AcknowledgeMigrationWarningsCommand(Guid ApplicationId);

/// <summary>The architect accepts the preflight's warnings for an application (recorded with their name).</summary>
public sealed class AcknowledgeMigrationWarnings(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(AcknowledgeMigrationWarningsCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.ApplicationAsync(db, cmd.ApplicationId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave, app) = found.Value;
        if (!MigrationAccess.MayPlan(caller, plan, app.TenantId)) return caller.Refuse("Only migration architects can acknowledge preflight warnings.");
        try
        {
            app.AcknowledgeWarnings(wave, caller.Principal.DisplayName, s.Now);
            wave.RecordPlanner(caller.Principal.UserId, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "migration.preflight.acknowledged", "migration-application", app.Id.ToString(),
            $"Preflight warnings of {app.SourceNamespace} in \"{plan.Name}\" acknowledged: {string.Join(" | ", app.Findings.Select(f => f.Message))}", app.TenantId);
        return await MigrationLookup.SaveAsync(db, ct) is { } conflict ? conflict : Unit.Value;
    }
}
