using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;

namespace Portal.Application.Features.Moves.Waves;

public sealed record WithdrawMigrationWaveCommand(Guid WaveId);

/// <summary>The architect takes a submitted wave back to planning, to change it.</summary>
public sealed class WithdrawMigrationWave(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(WithdrawMigrationWaveCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        if (!MigrationAccess.MayPlan(caller, plan)) return caller.Refuse("Only migration architects can withdraw waves.");
        try
        {
            wave.Withdraw(s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "migration.wave.withdrawn", "migration-wave", wave.Id.ToString(), $"Wave \"{wave.Name}\" of \"{plan.Name}\" taken back to planning");
        return await MigrationLookup.SaveAsync(db, ct) is { } conflict ? conflict : Unit.Value;
    }
}
