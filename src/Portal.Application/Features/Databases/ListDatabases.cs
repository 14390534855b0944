using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Databases;

namespace Portal.Application.Features.Databases;

public sealed record ListDatabasesQuery(Guid? TenantId = null);

public sealed record DatabaseView(Guid Id, string Name, DatabaseEngine Engine, int? ServerMajorVersion, string ClusterName, string Namespace,
    string Host, int Port, IReadOnlyList<string> DatabaseNames, string SecretName, DatabaseSource Source, string? SourceObject,
    TimeSpan? RpoTarget, string TenantName);

/// <summary>The databases registered in the caller's tenants (the Secret is named, its contents never are).</summary>
public sealed class ListDatabases(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<DatabaseView>>> HandleAsync(ListDatabasesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanAnywhere(Permission.ViewTenant)) return caller.Refuse();
        await using var db = await s.OpenAsync(caller, ct);
        var rows = db.DatabaseTargets.AsNoTracking();
        if (q.TenantId is { } tenantId) rows = rows.Where(d => d.TenantId == tenantId);
        var list = await (from d in rows
                          join c in db.Clusters on d.ClusterId equals c.Id
                          orderby d.Name
                          select new { d, ClusterName = c.Name }).ToListAsync(ct);
        var tenants = await TenantNames.ForAsync(db, list.Select(x => x.d.TenantId), ct);
        return list.Where(x => caller.Can(Permission.ViewTenant, x.d.TenantId, x.d.ClusterId))
            .Select(x => new DatabaseView(x.d.Id, x.d.Name, x.d.Engine, x.d.ServerMajorVersion, x.ClusterName, x.d.Namespace, x.d.Host, x.d.Port,
                x.d.DatabaseNames, x.d.Credentials.SecretName, x.d.Source, x.d.SourceObject, x.d.RpoTarget, tenants.GetValueOrDefault(x.d.TenantId, "?")))
            .ToList();
    }
}
