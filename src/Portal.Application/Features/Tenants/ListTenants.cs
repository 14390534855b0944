using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;

namespace Portal.Application.Features.Tenants;

public sealed record ListTenantsQuery;

/// <param name="MaxTokenLifetimeDays">The longest a personal access token with rights in the tenant may live (the default when
/// the tenant sets none).</param>
public sealed record TenantView(Guid Id, string Slug, string DisplayName, int Namespaces, int MaxTokenLifetimeDays);

/// <summary>Tenants the caller belongs to (all of them for estate scopes).</summary>
public sealed class ListTenants(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<TenantView>>> HandleAsync(ListTenantsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanAnywhere(Permission.ViewTenant)) return caller.Refuse();
        await using var db = await s.OpenAsync(caller, ct);
        var scope = caller.Scope;
        var tenants = db.Tenants.AsNoTracking();
        if (!scope.All)
        {
            var ids = scope.TenantIds.ToList();
            tenants = tenants.Where(t => ids.Contains(t.Id));
        }
        var counts = await db.TenantNamespaces.AsNoTracking().GroupBy(n => n.TenantId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var list = await tenants.OrderBy(t => t.DisplayName).ToListAsync(ct);
        return list.Select(t => new TenantView(t.Id, t.Slug, t.DisplayName, counts.GetValueOrDefault(t.Id), (int)t.MaxTokenLifetime.TotalDays)).ToList();
    }
}
