using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;

namespace Portal.Application.Features.Recovery.Drills;

public sealed record ListDrillChoicesQuery(Guid TenantNamespaceId);

/// <summary>A cluster a drill of the namespace may restore on (its own first).</summary>
public sealed record DrillClusterChoice(Guid Id, string Name, bool IsOwn);

/// <summary>A database registered in the namespace that a SQL check can read, with its databases.</summary>
public sealed record DrillDatabaseChoice(Guid Id, string Name, IReadOnlyList<string> DatabaseNames);

public sealed record DrillChoices(IReadOnlyList<DrillClusterChoice> Clusters, IReadOnlyList<DrillDatabaseChoice> Databases);

/// <summary>What the drill form offers for a namespace: the registered clusters the caller may run its drills on, and the databases
/// registered in it for SQL checks. Only for those who may run its drills.</summary>
public sealed class ListDrillChoices(UseCaseServices s) : IUseCase
{
    public async Task<Result<DrillChoices>> HandleAsync(ListDrillChoicesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await DrillLookup.NamespaceAsync(db, caller, q.TenantNamespaceId, tracked: false, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RunRestoreDrill, ns.TenantId, ns.ClusterId)) return caller.Refuse($"You may not run drills of {ns.Namespace}.");
        var clusters = (await db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Where(c => caller.Can(Permission.RunRestoreDrill, ns.TenantId, c.Id))
            .Select(c => new DrillClusterChoice(c.Id, c.Name, c.Id == ns.ClusterId))
            .OrderByDescending(c => c.IsOwn).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var databases = (await db.DatabaseTargets.AsNoTracking()
                .Where(d => d.ClusterId == ns.ClusterId && d.Namespace == ns.Namespace && d.TenantId == ns.TenantId).ToListAsync(ct))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new DrillDatabaseChoice(d.Id, d.Name, d.DatabaseNames.ToList())).ToList();
        return new DrillChoices(clusters, databases);
    }
}
