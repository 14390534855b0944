using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Infrastructure.Persistence;

/// <summary>Hands out short-lived contexts bound to a tenant scope (circuit-safe: one per unit of work), on the portal's clock.</summary>
internal sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner, TimeProvider? time = null) : IPortalDbContextFactory
    where TContext : PortalDbContext
{
    public async Task<IPortalDbContext> CreateAsync(TenantScope scope, CancellationToken ct = default)
    {
        var db = await inner.CreateDbContextAsync(ct);
        db.Scope = scope;
        db.Clock = time ?? TimeProvider.System;
        return db;
    }
}
