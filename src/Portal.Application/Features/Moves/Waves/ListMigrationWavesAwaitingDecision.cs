using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Waves;

public sealed record ListMigrationWavesAwaitingDecisionQuery;

/// <summary>A submitted wave the caller may decide on, for the approver's inbox.</summary>
public sealed record MigrationWaveAwaitingDecision(Guid PlanId, string PlanName, Guid WaveId, int Order, string WaveName, string SourceCluster,
    string TargetCluster, string? SubmittedByName, DateTimeOffset? SubmittedAt, DateTimeOffset NotBefore, DateTimeOffset NotAfter, int Applications);

/// <summary>The waves awaiting approval that the caller may decide on, by the same rules as <see cref="DecideOnMigrationWave"/>:
/// a platform engineer who neither planned nor submitted the wave, covering every application's tenant on both clusters
/// (and seeing every one of them). Oldest submission first.</summary>
public sealed class ListMigrationWavesAwaitingDecision(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<MigrationWaveAwaitingDecision>>> HandleAsync(ListMigrationWavesAwaitingDecisionQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!MigrationAccess.MayApproveAnything(caller) || caller.IsSystem) return caller.Refuse("Only platform engineers can approve migration waves.");
        await using var db = await s.OpenAsync(caller, ct);
        var waves = await db.MigrationWaves.AsNoTracking().Where(w => w.Status == MigrationWaveStatus.PendingApproval)
            .Join(db.MigrationPlans, w => w.PlanId, p => p.Id, (w, p) => new { Wave = w, Plan = p }).ToListAsync(ct);
        var waveIds = waves.Select(x => x.Wave.Id).ToList();
        // Every application counts, also those of tenants the caller does not see: such a wave is not theirs to decide.
        var apps = await db.MigrationApplications.AcrossTenants().AsNoTracking().Where(a => waveIds.Contains(a.WaveId))
            .Select(a => new { a.WaveId, a.TenantId }).ToListAsync(ct);
        var visible = await db.MigrationApplications.AsNoTracking().Where(a => waveIds.Contains(a.WaveId))
            .GroupBy(a => a.WaveId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var clusterNames = await db.Clusters.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var me = caller.Principal.UserId;
        return waves.Where(x => !x.Wave.IsOwnWork(x.Plan, me))
            .Select(x => (x.Wave, x.Plan, Apps: apps.Where(a => a.WaveId == x.Wave.Id).ToList()))
            .Where(x => x.Apps.Count == visible.GetValueOrDefault(x.Wave.Id)
                && x.Apps.All(a => MigrationAccess.MayApprove(caller, x.Plan, a.TenantId)))
            .OrderBy(x => x.Wave.SubmittedAt)
            .Select(x => new MigrationWaveAwaitingDecision(x.Plan.Id, x.Plan.Name, x.Wave.Id, x.Wave.Order, x.Wave.Name,
                clusterNames.GetValueOrDefault(x.Plan.SourceClusterId, "?"), clusterNames.GetValueOrDefault(x.Plan.TargetClusterId, "?"),
                x.Wave.SubmittedByName, x.Wave.SubmittedAt, x.Wave.NotBefore, x.Wave.NotAfter, x.Apps.Count))
            .ToList();
    }
}
