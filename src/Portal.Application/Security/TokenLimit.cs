using Portal.Domain.Access;

namespace Portal.Application.Security;

/// <summary>What a personal access token allows, on top of what its owner holds: its scopes (a permission in a tenant).
/// A token never reaches beyond its tenants: <see cref="Narrow"/> turns the owner's grants into grants over the token's
/// tenants only, so every read through <see cref="AccessContext.Scope"/> and every check through the grants is limited too.</summary>
public sealed record TokenLimit(Guid TokenId, string TokenName, IReadOnlyList<TokenScope> Scopes)
{
    /// <summary>A check without a tenant (a menu, a list across tenants) passes when the token carries the permission somewhere;
    /// the rows it then reads are still limited to the token's tenants.</summary>
    public bool Allows(Permission permission, Guid? tenantId) =>
        Scopes.Any(s => s.Permission == permission && (tenantId is null || s.TenantId == tenantId));

    public IReadOnlyList<Guid> TenantIds => Scopes.Select(s => s.TenantId).Distinct().ToList();

    /// <summary>The owner's grants over the token's tenants: estate and tenant grants that cover one become a grant over that
    /// tenant; cluster grants are left out (a token is scoped by tenant and never sees a cluster's other tenants).</summary>
    public IReadOnlyList<AccessGrant> Narrow(IReadOnlyList<AccessGrant> ownerGrants) =>
        (from tenant in TenantIds
         from g in ownerGrants
         where g.ScopeKind != ScopeKind.Cluster && g.Covers(tenant, null)
         select new AccessGrant(g.Persona, ScopeKind.Tenant, tenant, null)).Distinct().ToList();
}
