using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Databases;

namespace Portal.Application.Features.Databases;

public sealed record ListDumpArtifactsQuery(Guid DatabaseId, PageRequest Page, DumpArtifactStatus? Status = null, Guid? ScheduleId = null);

/// <summary>Every dump of a database, newest first, paged in the database.</summary>
public sealed class ListDumpArtifacts(UseCaseServices s) : IUseCase
{
    public async Task<Result<Page<DumpArtifactView>>> HandleAsync(ListDumpArtifactsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var target = await db.DatabaseTargets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == q.DatabaseId, ct);
        if (target is null || !caller.Can(Permission.ViewTenant, target.TenantId, target.ClusterId)) return Error.NotFound("The database");
        var rows = db.DumpArtifacts.AsNoTracking().Where(a => a.DatabaseTargetId == target.Id);
        if (q.Status is { } status) rows = rows.Where(a => a.Status == status);
        if (q.ScheduleId is { } scheduleId) rows = rows.Where(a => a.ScheduleId == scheduleId);
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(a => a.StartedAt).Skip(q.Page.Skip).Take(q.Page.Take).ToListAsync(ct);
        var ids = page.Select(a => a.ScheduleId).Distinct().ToList();
        var names = await db.DumpSchedules.AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        return new Page<DumpArtifactView>(page.Select(a => DumpArtifactView.Of(a, names.GetValueOrDefault(a.ScheduleId, "?"))).ToList(), total);
    }
}
