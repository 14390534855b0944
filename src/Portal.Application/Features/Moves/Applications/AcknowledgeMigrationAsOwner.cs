using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;

namespace Portal.Application.Features.Moves.Applications;

public sealed record AcknowledgeMigrationAsOwnerCommand(Guid ApplicationId);

/// <summary>An application owner of the tenant agrees that their application moves in this wave and window.</summary>
public sealed class AcknowledgeMigrationAsOwner(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(AcknowledgeMigrationAsOwnerCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.ApplicationAsync(db, cmd.ApplicationId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave, app) = found.Value;
        if (caller.IsSystem || !MigrationAccess.MayAcknowledge(caller, app))
            return caller.Refuse($"Only application owners of the tenant that owns {app.SourceNamespace} can acknowledge its move.");
        try
        {
            app.AcknowledgeAsOwner(wave, caller.Principal.UserId, caller.Principal.DisplayName, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "migration.owner.acknowledged", "migration-application", app.Id.ToString(),
            $"Move of {app.SourceNamespace} in wave \"{wave.Name}\" of \"{plan.Name}\" ({wave.NotBefore:yyyy-MM-dd HH:mm}–{wave.NotAfter:yyyy-MM-dd HH:mm} UTC) acknowledged by its owner", app.TenantId);
        return await MigrationLookup.SaveAsync(db, ct) is { } conflict ? conflict : Unit.Value;
    }
}
