using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;

namespace Portal.Application.Features.Databases;

/// <param name="RpoMinutes">Null clears the target.</param>
public sealed record SetDatabaseRpoCommand(Guid DatabaseId, int? RpoMinutes);

/// <summary>Sets how old the newest good dump may be before the database page warns.</summary>
public sealed class SetDatabaseRpo(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(SetDatabaseRpoCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await DatabaseLookup.ForManagerAsync(db, caller, cmd.DatabaseId, ct);
        if (!found.IsSuccess) return found.Error!;
        var target = await db.DatabaseTargets.FirstAsync(d => d.Id == cmd.DatabaseId, ct);
        try
        {
            target.SetRpoTarget(cmd.RpoMinutes is { } m ? TimeSpan.FromMinutes(m) : null);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "database.rpo.set", "database", target.Id.ToString(),
            $"RPO target of {target.Name} set to {(cmd.RpoMinutes is { } min ? $"{min} minutes" : "none")}", target.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
