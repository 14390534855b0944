using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Domain.Access;

namespace Portal.Application.Security;

/// <summary>Resolves the caller's grants from the scope bindings of the user and of their Entra groups.
/// Scoped: resolved once per circuit or executor item, and again after a binding changes.</summary>
internal sealed class AccessContextProvider(ICurrentPrincipalProvider principals, PrincipalOverride principalOverride, IPortalDbContextFactory factory) : IAccessContextProvider
{
    public async Task<AccessContext> GetAsync(CancellationToken ct = default)
    {
        var principal = principalOverride.Principal ?? await principals.GetAsync(ct);
        if (principal.IsSystem) return principal == CurrentPrincipal.System ? AccessContext.System : new AccessContext(principal, []);
        if (!principal.IsAuthenticated) return new AccessContext(principal, []);

        // Bindings are not tenant-owned, so the narrowest scope is enough to read them.
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        var groups = principal.GroupIds.ToList();
        var bindings = await db.ScopeBindings.AsNoTracking()
            .Where(b => (b.PrincipalKind == PrincipalKind.User && b.PrincipalId == principal.UserId)
                     || (b.PrincipalKind == PrincipalKind.Group && groups.Contains(b.PrincipalId)))
            .ToListAsync(ct);
        var grants = bindings.Select(b => new AccessGrant(b.Persona, b.ScopeKind, b.TenantId, b.ClusterId)).Distinct().ToList();
        return new AccessContext(principal, grants);
    }
}
