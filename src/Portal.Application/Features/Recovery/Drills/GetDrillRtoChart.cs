using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Recovery;

namespace Portal.Application.Features.Recovery.Drills;

/// <param name="Last">How many of the newest ended drills (1 to <see cref="GetDrillRtoChart.MaxPoints"/>).</param>
public sealed record GetDrillRtoChartQuery(Guid TenantNamespaceId, int Last = 30);

/// <summary>One ended drill on the RTO chart: its measured RTO (null when it failed) against the target it was measured against.</summary>
public sealed record DrillRtoPoint(Guid DrillId, DateTimeOffset At, DrillStatus Status, TimeSpan? MeasuredRto, TimeSpan TargetRto);

/// <summary>The RTO of a namespace's newest ended drills, oldest first, for the chart beside its history (only the columns it draws).</summary>
public sealed class GetDrillRtoChart(UseCaseServices s) : IUseCase
{
    public const int MaxPoints = 200;

    public async Task<Result<IReadOnlyList<DrillRtoPoint>>> HandleAsync(GetDrillRtoChartQuery q, CancellationToken ct = default)
    {
        if (q.Last is < 1 or > MaxPoints) return Error.Validation($"Chart 1 to {MaxPoints} drills.");
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await DrillLookup.NamespaceAsync(db, caller, q.TenantNamespaceId, tracked: false, ct);
        if (ns is null) return Error.NotFound("The namespace");
        var points = await db.RestoreDrills.AsNoTracking()
            .Where(d => d.ClusterId == ns.ClusterId && d.Namespace == ns.Namespace && d.TenantId == ns.TenantId)
            .Where(d => d.Status == DrillStatus.Passed || d.Status == DrillStatus.Failed)
            .OrderByDescending(d => d.CreatedAt).Take(q.Last)
            .Select(d => new DrillRtoPoint(d.Id, d.CreatedAt, d.Status, d.MeasuredRto, d.TargetRto))
            .ToListAsync(ct);
        points.Reverse();
        return points;
    }
}
