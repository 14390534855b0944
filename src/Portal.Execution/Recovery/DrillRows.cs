using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Recovery;

namespace Portal.Execution.Recovery;

/// <summary>Reads and writes a drill's row for the executor, the sweeper and the scheduler (estate-wide: the portal's own work).
/// A write that meets another writer's change (the row's version moved) reads the row again and applies the change again.</summary>
internal static class DrillRows
{
    public static async Task<RestoreDrill?> ByRequestAsync(IPortalDbContextFactory factory, Guid requestId, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        return await db.RestoreDrills.AsNoTracking().FirstOrDefaultAsync(d => d.RequestId == requestId, ct);
    }

    /// <summary>Applies <paramref name="change"/> to the drill and saves it; returns the row as saved.</summary>
    public static async Task<RestoreDrill> UpdateAsync(IPortalDbContextFactory factory, Guid drillId, Action<RestoreDrill> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
            var drill = await db.RestoreDrills.FirstAsync(d => d.Id == drillId, ct);
            change(drill);
            try
            {
                await db.SaveChangesAsync(ct);
                return drill;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // the sweeper (or a second executor) wrote the row meanwhile: read it again
            }
        }
    }
}
