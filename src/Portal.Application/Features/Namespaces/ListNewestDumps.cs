using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Databases;

namespace Portal.Application.Features.Namespaces;

public sealed record ListNewestDumpsQuery(Guid TenantNamespaceId);

/// <summary>A database registered in a namespace and its newest succeeded dump (<paramref name="Method"/> and
/// <paramref name="CompletedAt"/> null when it has none yet).</summary>
public sealed record NewestDump(Guid DatabaseId, string Database, string? Method, DateTimeOffset? CompletedAt);

/// <summary>The namespace's recovery points from dumps: each database registered in it with its newest succeeded dump, read
/// in one query from the portal's records (no cluster read), for whoever may see the namespace's tenant.</summary>
public sealed class ListNewestDumps(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<NewestDump>>> HandleAsync(ListNewestDumpsQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(q);
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await Recovery.Drills.DrillLookup.NamespaceAsync(db, caller, q.TenantNamespaceId, tracked: false, ct);
        if (ns is null) return Error.NotFound("The namespace");
        var rows = await (
                from d in db.DatabaseTargets.AsNoTracking()
                where d.ClusterId == ns.ClusterId && d.Namespace == ns.Namespace && d.TenantId == ns.TenantId
                let newest = db.DumpArtifacts.Where(a => a.DatabaseTargetId == d.Id && a.Status == DumpArtifactStatus.Succeeded)
                    .OrderByDescending(a => a.StartedAt).Select(a => new { a.Method, At = a.CompletedAt ?? a.StartedAt }).FirstOrDefault()
                orderby d.Name
                select new { d.Id, d.Name, Method = newest == null ? (DumpMethod?)null : newest.Method, At = newest == null ? (DateTimeOffset?)null : newest.At })
            .ToListAsync(ct);
        return rows.Select(r => new NewestDump(r.Id, r.Name, r.Method?.ToString(), r.At)).ToList();
    }
}
