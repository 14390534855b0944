using Microsoft.EntityFrameworkCore;

namespace Portal.Application.Security;

/// <summary>The one way around the tenant filter inside a caller's context. Every context is opened with a
/// <see cref="TenantScope"/> (the caller's; <see cref="TenantScope.Everything"/> only for the portal's own work: the
/// executor, the queue, the seeders). A use case that must read rows the caller's scope hides (the names of tenants
/// whose rows the caller already sees, the applications of a wave it decides on whole, a tenant's approval policy)
/// says so per query with <see cref="AcrossTenants{T}"/>, and then checks what it found against the caller itself.
/// Every use is on the allow-list of <c>TenantFilterBypassTests</c>: a new one fails that test until it is reviewed.</summary>
public static class TenantFilterBypass
{
    /// <summary>This query only, past the tenant filter. A bypass applies to the whole query: never join the caller's
    /// filtered rows to it unless every row it returns is checked.</summary>
    public static IQueryable<T> AcrossTenants<T>(this IQueryable<T> rows) where T : class => rows.IgnoreQueryFilters();
}
