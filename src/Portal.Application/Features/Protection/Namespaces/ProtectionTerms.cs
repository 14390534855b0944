using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Namespaces;

/// <summary>What a tenant may protect with: the policies granted to it (not retired), and its minimum. Read past the
/// tenant filter, one query each, for the tenant of a namespace the caller was already checked against: a persona
/// bound to the namespace's cluster belongs to no tenant, and must still see the tenant's terms.</summary>
internal static class ProtectionTerms
{
    public static async Task<List<ProtectionPolicy>> GrantedAsync(IPortalDbContext db, Guid tenantId, CancellationToken ct)
    {
        var ids = await db.ProtectionPolicyGrants.AcrossTenants().AsNoTracking()
            .Where(g => g.TenantId == tenantId).Select(g => g.PolicyId).ToListAsync(ct);
        var policies = await db.ProtectionPolicies.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.RetiredAt == null && p.Target == ProtectionTarget.Namespace).ToListAsync(ct);
        return policies.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    public static async Task<bool> IsGrantedAsync(IPortalDbContext db, Guid tenantId, Guid policyId, CancellationToken ct) =>
        await db.ProtectionPolicyGrants.AcrossTenants().AsNoTracking().AnyAsync(g => g.TenantId == tenantId && g.PolicyId == policyId, ct);

    /// <summary>The tenant's minimum policy, or null for none.</summary>
    public static async Task<ProtectionPolicy?> MinimumAsync(IPortalDbContext db, Guid tenantId, CancellationToken ct)
    {
        var minimumId = await db.Tenants.AcrossTenants().AsNoTracking().Where(t => t.Id == tenantId)
            .Select(t => t.MinimumProtectionPolicyId).FirstOrDefaultAsync(ct);
        return minimumId is { } id ? await db.ProtectionPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) : null;
    }

    public const string WhoMayLiftMinimum = "a platform engineer, on the tenant's page";
}
