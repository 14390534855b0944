using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Databases;

namespace Portal.Application.Features.Databases;

/// <summary>A registered database together with its cluster, loaded for a caller who may manage it.</summary>
internal sealed record ManagedDatabase(DatabaseTarget Target, Cluster Cluster);

internal static class DatabaseLookup
{
    /// <summary>The database, if the caller's scope shows it and the caller holds <see cref="Permission.ManageDatabases"/>
    /// over it; another tenant's database is "not found", exactly like one that does not exist.</summary>
    public static async Task<Result<ManagedDatabase>> ForManagerAsync(IPortalDbContext db, AccessContext caller, Guid databaseId, CancellationToken ct)
    {
        var target = await db.DatabaseTargets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == databaseId, ct);
        if (target is null) return Error.NotFound("The database");
        if (!caller.Can(Permission.ManageDatabases, target.TenantId, target.ClusterId))
            return caller.Can(Permission.ViewTenant, target.TenantId, target.ClusterId)
                ? caller.Refuse($"Only database engineers of the tenant can manage {target.Name}.")
                : Error.NotFound("The database");
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == target.ClusterId, ct);
        return new ManagedDatabase(target, cluster);
    }
}
