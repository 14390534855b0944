using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Application.Common;

/// <summary>The names of the tenants that own rows the caller has already read. A persona bound to a cluster reads
/// every tenant's requests, namespaces and databases on it while belonging to no tenant, so the tenant filter hides
/// those tenants themselves: joining such rows to <c>db.Tenants</c> drops them, and a single lookup fails. Look the
/// names up here instead, only for ids taken from rows the filters already let through.</summary>
public static class TenantNames
{
    public static async Task<Dictionary<Guid, string>> ForAsync(IPortalDbContext db, IEnumerable<Guid> tenantIds, CancellationToken ct)
    {
        var ids = tenantIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        // A query of its own: a bypass applies to a whole query, so it must never join the caller's rows.
        var names = await db.Tenants.AcrossTenants().AsNoTracking().Where(t => ids.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.DisplayName, ct);
        // Rows of no tenant (a cluster's own resources under protection) belong to the platform.
        if (ids.Contains(Guid.Empty)) names[Guid.Empty] = NoTenant;
        return names;
    }

    public const string NoTenant = "Platform (no tenant)";

    public static async Task<string> OfAsync(IPortalDbContext db, Guid tenantId, CancellationToken ct) =>
        (await ForAsync(db, [tenantId], ct)).GetValueOrDefault(tenantId, "(removed tenant)");
}
