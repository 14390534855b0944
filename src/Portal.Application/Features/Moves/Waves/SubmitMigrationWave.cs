using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Moves.Plans;
using Portal.Application.Security;
using Portal.Domain.Common;

namespace Portal.Application.Features.Moves.Waves;

public sealed record SubmitMigrationWaveCommand(Guid WaveId);

/// <summary>The architect sends a wave for approval: every application preflighted without errors, warnings
/// acknowledged, the window still open.</summary>
public sealed class SubmitMigrationWave(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(SubmitMigrationWaveCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        if (!MigrationAccess.MayPlan(caller, plan)) return caller.Refuse("Only migration architects can submit waves.");
        // Every application counts, also those of tenants outside the caller's scope.
        var apps = await db.MigrationApplications.AcrossTenants().AsNoTracking().Where(a => a.WaveId == wave.Id).ToListAsync(ct);
        var notReady = WaveReadiness.NotReady(wave, apps.Select(a => (a, false)).ToList(), 0, s.Now);
        if (notReady.Count > 0) return Error.Validation("The wave is not ready: " + string.Join(" ", notReady));
        try
        {
            wave.Submit(caller.Principal.UserId, caller.Principal.DisplayName, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "migration.wave.submitted", "migration-wave", wave.Id.ToString(),
            $"Wave \"{wave.Name}\" of \"{plan.Name}\" ({apps.Count} application(s)) submitted for approval");
        return await MigrationLookup.SaveAsync(db, ct) is { } conflict ? conflict : Unit.Value;
    }
}
