using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Recovery;

namespace Portal.Execution.Recovery;

/// <summary>Reads and writes a drill's row outside a run of its request (the sweeper; estate-wide: the portal's own work). A write
/// that meets another writer's change (the row's version moved) reads the row again and applies the change again; once saved, the
/// change is announced as one of the drill's request, so its open pages re-read. The executor writes the row with its timeline line
/// in one save instead (<see cref="RestoreDrillExecutor"/>).</summary>
internal static class DrillRows
{
    public static async Task<RestoreDrill?> ByRequestAsync(IPortalDbContextFactory factory, Guid requestId, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        return await db.RestoreDrills.AsNoTracking().FirstOrDefaultAsync(d => d.RequestId == requestId, ct);
    }

    public static async Task<RestoreDrill> ByIdAsync(IPortalDbContextFactory factory, Guid drillId, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        return await db.RestoreDrills.AsNoTracking().FirstAsync(d => d.Id == drillId, ct);
    }

    /// <summary>Applies <paramref name="change"/> to the drill, saves it and announces it; returns the row as saved.</summary>
    public static async Task<RestoreDrill> UpdateAsync(IPortalDbContextFactory factory, IRequestStatusNotifier notifier, Guid drillId,
        Action<RestoreDrill> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
            var drill = await db.RestoreDrills.FirstAsync(d => d.Id == drillId, ct);
            change(drill);
            try
            {
                await db.SaveChangesAsync(ct);
                notifier.Notify(RequestChange.Of(drill));
                return drill;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // the sweeper (or a second executor) wrote the row meanwhile: read it again
            }
        }
    }
}
