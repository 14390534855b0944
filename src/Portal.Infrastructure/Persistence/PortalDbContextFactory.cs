using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Infrastructure.Persistence;

/// <summary>Hands out short-lived contexts bound to a tenant scope (circuit-safe: one per unit of work).</summary>
internal sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IPortalDbContextFactory
    where TContext : PortalDbContext
{
    public async Task<IPortalDbContext> CreateAsync(TenantScope scope, CancellationToken ct = default)
    {
        var db = await inner.CreateDbContextAsync(ct);
        db.Scope = scope;
        return db;
    }
}
