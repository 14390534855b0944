using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Recovery.Drills;

public sealed record ListDrillsQuery(Guid TenantNamespaceId, PageRequest Page);

/// <summary>A namespace's drill history, newest first, a page at a time.</summary>
public sealed class ListDrills(UseCaseServices s) : IUseCase
{
    public async Task<Result<Page<DrillView>>> HandleAsync(ListDrillsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await DrillLookup.NamespaceAsync(db, caller, q.TenantNamespaceId, tracked: false, ct);
        if (ns is null) return Error.NotFound("The namespace");
        var drills = db.RestoreDrills.AsNoTracking()
            .Where(d => d.ClusterId == ns.ClusterId && d.Namespace == ns.Namespace && d.TenantId == ns.TenantId);
        var total = await drills.CountAsync(ct);
        var page = await drills.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Skip(q.Page.Skip).Take(q.Page.Take).ToListAsync(ct);
        var names = await DrillLookup.ClusterNamesAsync(db, page.SelectMany(d => new[] { d.ClusterId, d.TargetClusterId }), ct);
        return new Page<DrillView>(page.Select(d => DrillView.Of(d, names.GetValueOrDefault(d.ClusterId, "?"), names.GetValueOrDefault(d.TargetClusterId, "?"))).ToList(), total);
    }
}
