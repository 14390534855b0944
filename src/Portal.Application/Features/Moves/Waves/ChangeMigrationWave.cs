using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Common;

namespace Portal.Application.Features.Moves.Waves;

public sealed record ChangeMigrationWaveCommand(Guid WaveId, string Name, DateTimeOffset NotBefore, DateTimeOffset NotAfter, int ConcurrencyLimit);

/// <summary>Changes a wave in planning: name, window, concurrency limit.</summary>
public sealed class ChangeMigrationWave(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(ChangeMigrationWaveCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        if (!MigrationAccess.MayPlan(caller, plan)) return caller.Refuse("Only migration architects can change waves.");
        if (cmd.NotAfter <= s.Now) return Error.Validation($"The window would already be closed (it ends {cmd.NotAfter:yyyy-MM-dd HH:mm} UTC); choose an end in the future.");
        var windowMoved = cmd.NotBefore != wave.NotBefore || cmd.NotAfter != wave.NotAfter;
        try
        {
            wave.Change(cmd.Name, cmd.NotBefore, cmd.NotAfter, cmd.ConcurrencyLimit, s.Now);
            wave.RecordPlanner(caller.Principal.UserId, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        if (windowMoved)
        {
            // Owners agreed to a window: a new one needs their agreement again.
            foreach (var app in await db.MigrationApplications.AcrossTenants().Where(a => a.WaveId == wave.Id && a.OwnerAcknowledgedAt != null).ToListAsync(ct))
                app.ClearOwnerAcknowledgement(s.Now);
        }
        db.Audit(caller, s.Now, "migration.wave.changed", "migration-wave", wave.Id.ToString(),
            $"Wave \"{wave.Name}\" of \"{plan.Name}\" changed: window {wave.NotBefore:yyyy-MM-dd HH:mm}–{wave.NotAfter:yyyy-MM-dd HH:mm} UTC, {wave.ConcurrencyLimit} at a time");
        return await MigrationLookup.SaveAsync(db, ct) is { } conflict ? conflict : Unit.Value;
    }
}
