using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Recovery;

namespace Portal.Application.Features.Recovery.Drills;

public sealed record CleanUpDrillNowCommand(Guid DrillId);

/// <summary>Ends the keep of a drill kept for inspection: its keep-until becomes now, so the drill sweeper removes the scratch namespace
/// on its next round, as it does when a keep expires (<see cref="RestoreDrill.DueForCleanup"/>). Audited.</summary>
public sealed class CleanUpDrillNow(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(CleanUpDrillNowCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var drill = await db.RestoreDrills.FirstOrDefaultAsync(d => d.Id == cmd.DrillId, ct);
        if (drill is null || !caller.Can(Permission.ViewTenant, drill.TenantId, drill.ClusterId)) return Error.NotFound("The drill");
        if (!caller.Can(Permission.RunRestoreDrill, drill.TenantId, drill.ClusterId)) return caller.Refuse($"You may not clean up drills of {drill.Namespace}.");
        try
        {
            drill.EndKeep(s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "drill.clean-up-now", "restore-drill", drill.Id.ToString(),
            $"Kept drill {drill.ScratchNamespaceName} of {drill.Namespace} to be removed now", drill.TenantId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("The drill changed meanwhile (the sweeper may be removing it); open it again.");
        }
        s.Notifier.Notify(RequestChange.Of(drill));
        return Unit.Value;
    }
}
