using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Api.Filters;

/// <summary>The tenant an API call was about, for its audit row: the <c>tenantId</c> it filtered by, or the tenant owning the
/// namespace or request its address names (<c>/namespaces/{id}…</c>, <c>/requests/{id}…</c>). Null for a call about no one
/// tenant (the cluster list, every request) and for an id the caller was answered 404 for: the row must not tie a probe of an id
/// to a tenant the caller cannot see.</summary>
internal static class ApiCallTenant
{
    /// <summary>By the first segment after /api/v1: how to find the tenant of the id that follows it. An endpoint about another
    /// kind of tenant-owned thing adds its segment here.</summary>
    private static readonly Dictionary<string, Func<IPortalDbContext, Guid, CancellationToken, Task<Guid?>>> Owners = new(StringComparer.Ordinal)
    {
        ["namespaces"] = (db, id, ct) => db.TenantNamespaces.AsNoTracking().Where(n => n.Id == id).Select(n => (Guid?)n.TenantId).FirstOrDefaultAsync(ct),
        ["requests"] = (db, id, ct) => db.Requests.AsNoTracking().Where(r => r.Id == id).Select(r => (Guid?)r.TenantId).FirstOrDefaultAsync(ct),
        ["databases"] = (db, id, ct) => db.DatabaseTargets.AsNoTracking().Where(d => d.Id == id).Select(d => (Guid?)d.TenantId).FirstOrDefaultAsync(ct),
        ["tenants"] = (_, id, _) => Task.FromResult<Guid?>(id),
    };

    public static async Task<Guid?> OfAsync(HttpContext http, int status, IPortalDbContextFactory factory)
    {
        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status404NotFound) return null;
        if (Guid.TryParse(http.Request.Query["tenantId"].ToString(), out var filtered)) return filtered;
        var path = http.Request.Path.Value ?? "";
        if (!path.StartsWith(ApiSetup.Prefix + "/", StringComparison.Ordinal)) return null;
        var segments = path[(ApiSetup.Prefix.Length + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || !Owners.TryGetValue(segments[0], out var owner)) return null;
        if (!Guid.TryParse(http.GetRouteValue("id")?.ToString() ?? segments[1], out var id)) return null;
        await using var db = await factory.CreateAsync(TenantScope.Everything, http.RequestAborted);
        return await owner(db, id, http.RequestAborted);
    }
}
