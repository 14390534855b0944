using Portal.Application.Abstractions;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Domain.Access;

namespace Portal.Application.Features.Protection.Compliance;

public sealed record GetComplianceHistoryQuery(Guid? ClusterId = null, Guid? TenantId = null, int Days = 30);

/// <summary>Compliance over the last days (30 unless asked), from the follower's daily counts, summed over the tenants
/// and clusters the caller may see. Days without a reading are left out, never made up.</summary>
public sealed class GetComplianceHistory(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<ComplianceDayView>>> HandleAsync(GetComplianceHistoryQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!ComplianceScope.MayOpen(caller)) return caller.Refuse();
        if (q.Days is < 1 or > 366) return Error.Validation("Choose between 1 and 366 days.");
        await using var db = await s.OpenAsync(caller, ct);
        var from = DateOnly.FromDateTime(s.Now.UtcDateTime).AddDays(1 - q.Days);
        var days = db.ComplianceDays.AsNoTracking().Where(d => d.Day >= from);
        if (q.ClusterId is { } clusterId) days = days.Where(d => d.ClusterId == clusterId);
        if (q.TenantId is { } tenantId) days = days.Where(d => d.TenantId == tenantId);
        if (caller.CanEstateWide(Permission.ViewTenant))
        {
            // Every tenant's rows are the caller's to see (the clusters' own, where it manages the cluster): the
            // database sums them, whatever the size of the estate.
            if (!caller.CanEstateWide(Permission.ManageClusters))
            {
                var managed = caller.Grants.Where(g => g.ScopeKind == ScopeKind.Cluster && g.Persona.Grants(Permission.ManageClusters))
                    .Select(g => g.ClusterId!.Value).ToList();
                days = days.Where(d => d.TenantId != Guid.Empty || managed.Contains(d.ClusterId));
            }
            return await days.GroupBy(d => d.Day).OrderBy(g => g.Key)
                .Select(g => new ComplianceDayView(g.Key, g.Sum(d => d.Protected), g.Sum(d => d.AtRisk), g.Sum(d => d.Unprotected), g.Sum(d => d.NonCompliant)))
                .ToListAsync(ct);
        }
        var rows = await days.Select(d => new { d.Day, d.TenantId, d.ClusterId, d.Protected, d.AtRisk, d.Unprotected, d.NonCompliant }).ToListAsync(ct);
        return rows.Where(d => ComplianceScope.MaySeeDay(caller, d.TenantId, d.ClusterId))
            .GroupBy(d => d.Day)
            .OrderBy(g => g.Key)
            .Select(g => new ComplianceDayView(g.Key, g.Sum(d => d.Protected), g.Sum(d => d.AtRisk), g.Sum(d => d.Unprotected), g.Sum(d => d.NonCompliant)))
            .ToList();
    }
}
