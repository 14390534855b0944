using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves;

/// <summary>Loads what a migration command works on, tracked, and says "not found" the same way for what does not
/// exist and what the caller may not see.</summary>
internal static class MigrationLookup
{
    public static async Task<Result<MigrationPlan>> PlanAsync(IPortalDbContext db, AccessContext caller, Guid planId, CancellationToken ct)
    {
        var plan = await db.MigrationPlans.FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return Error.NotFound("The migration plan");
        var seesApp = await db.MigrationApplications.AnyAsync(a => a.PlanId == planId, ct);
        return MigrationAccess.MayView(caller, plan, seesApp) ? plan : Error.NotFound("The migration plan");
    }

    public static async Task<Result<(MigrationPlan Plan, MigrationWave Wave)>> WaveAsync(IPortalDbContext db, AccessContext caller, Guid waveId, CancellationToken ct)
    {
        var wave = await db.MigrationWaves.FirstOrDefaultAsync(w => w.Id == waveId, ct);
        if (wave is null) return Error.NotFound("The wave");
        var plan = await PlanAsync(db, caller, wave.PlanId, ct);
        if (!plan.IsSuccess) return Error.NotFound("The wave");
        return (plan.Value!, wave);
    }

    /// <summary>The application (tenant-filtered: another tenant's does not exist for the caller), its wave and plan.</summary>
    public static async Task<Result<(MigrationPlan Plan, MigrationWave Wave, MigrationApplication App)>> ApplicationAsync(IPortalDbContext db,
        Guid applicationId, CancellationToken ct)
    {
        var app = await db.MigrationApplications.FirstOrDefaultAsync(a => a.Id == applicationId, ct);
        if (app is null) return Error.NotFound("The application");
        var wave = await db.MigrationWaves.FirstAsync(w => w.Id == app.WaveId, ct);
        var plan = await db.MigrationPlans.FirstAsync(p => p.Id == app.PlanId, ct);
        return (plan, wave, app);
    }

    public static async Task<(Cluster Source, Cluster Target)> ClustersAsync(IPortalDbContext db, MigrationPlan plan, CancellationToken ct)
    {
        var clusters = await db.Clusters.AsNoTracking().Where(c => c.Id == plan.SourceClusterId || c.Id == plan.TargetClusterId).ToListAsync(ct);
        return (clusters.First(c => c.Id == plan.SourceClusterId), clusters.First(c => c.Id == plan.TargetClusterId));
    }

    public static readonly Error ConcurrentChange =
        Error.Conflict("Someone else changed this wave at the same moment; reload the plan and try again.");

    /// <summary>Saves; a concurrent change of the same wave or application (its Version moved) is a conflict in words.</summary>
    public static async Task<Error?> SaveAsync(IPortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ConcurrentChange;
        }
    }
}
