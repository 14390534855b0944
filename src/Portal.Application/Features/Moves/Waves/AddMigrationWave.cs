using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Waves;

public sealed record AddMigrationWaveCommand(Guid PlanId, string Name, DateTimeOffset NotBefore, DateTimeOffset NotAfter, int ConcurrencyLimit);

/// <summary>Adds the next wave to a plan, with its cutover window and how many applications move at once.</summary>
public sealed class AddMigrationWave(UseCaseServices s) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(AddMigrationWaveCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.PlanAsync(db, caller, cmd.PlanId, ct);
        if (!found.IsSuccess) return found.Error!;
        var plan = found.Value!;
        if (!MigrationAccess.MayPlan(caller, plan)) return caller.Refuse("Only migration architects can add waves.");
        if (cmd.NotAfter <= s.Now) return Error.Validation($"The window would already be closed (it ends {cmd.NotAfter:yyyy-MM-dd HH:mm} UTC); choose an end in the future.");
        var order = await db.MigrationWaves.Where(w => w.PlanId == plan.Id).Select(w => (int?)w.Order).MaxAsync(ct) ?? 0;
        MigrationWave wave;
        try
        {
            wave = new MigrationWave(plan.Id, order + 1, cmd.Name, cmd.NotBefore, cmd.NotAfter, cmd.ConcurrencyLimit, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        wave.RecordPlanner(caller.Principal.UserId, s.Now);
        db.MigrationWaves.Add(wave);
        plan.Touch(s.Now);
        db.Audit(caller, s.Now, "migration.wave.added", "migration-wave", wave.Id.ToString(),
            $"Wave {wave.Order} \"{wave.Name}\" added to \"{plan.Name}\" (window {wave.NotBefore:yyyy-MM-dd HH:mm}–{wave.NotAfter:yyyy-MM-dd HH:mm} UTC, {wave.ConcurrencyLimit} at a time)");
        await db.SaveChangesAsync(ct);
        return wave.Id;
    }
}
