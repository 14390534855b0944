using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Waves;

public sealed record CloseMigrationWaveCommand(Guid WaveId);

/// <summary>Makes a wave's moves final once every application has ended: rollback is no longer offered; the sources
/// stay scaled down (and their GitOps frozen) for their owners to remove.</summary>
public sealed class CloseMigrationWave(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(CloseMigrationWaveCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        if (!MigrationAccess.MayPlan(caller, plan) && !MigrationAccess.MayApprovePlan(caller, plan))
            return caller.Refuse("Only migration architects and platform engineers can close waves.");
        var busy = await db.MigrationApplications.AcrossTenants().Where(a => a.WaveId == wave.Id
                && (a.Status == MigrationApplicationStatus.RollingBack || (a.RollbackRequestId != null && a.Status != MigrationApplicationStatus.RolledBack
                    && a.Status != MigrationApplicationStatus.RollbackFailed && a.Status != MigrationApplicationStatus.Skipped)))
            .Select(a => a.SourceNamespace).ToListAsync(ct);
        if (busy.Count > 0) return Error.Conflict($"A rollback is still going on ({string.Join(", ", busy)}); close the wave when it has ended.");
        try
        {
            wave.Close(caller.Principal.DisplayName, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "migration.wave.closed", "migration-wave", wave.Id.ToString(),
            $"Wave \"{wave.Name}\" of \"{plan.Name}\" closed: the moves are final, the sources stay scaled down");
        return await MigrationLookup.SaveAsync(db, ct) is { } conflict ? conflict : Unit.Value;
    }
}
