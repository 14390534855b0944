using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

/// <summary>Who may see and change which policies. Policies are the estate's: only a platform engineer of the whole
/// estate makes, changes or retires them, and sees them all. Which tenants may use one, and a tenant's minimum, are the
/// tenant's: a platform engineer of that tenant may change them too. Anyone else sees only the policies granted to a
/// tenant they can see (the grants are tenant-filtered), and nothing of other tenants.</summary>
internal static class PolicyAccess
{
    public const string ManageRefusal = "Only a platform engineer of the whole estate can make, change or retire protection policies.";

    public static bool ManagesEstate(AccessContext caller) => caller.CanEstateWide(Permission.ManagePolicies);

    public static IQueryable<ProtectionPolicy> Visible(IPortalDbContext db, AccessContext caller) =>
        ManagesEstate(caller) ? db.ProtectionPolicies
            : db.ProtectionPolicies.Where(p => db.ProtectionPolicyGrants.Any(g => g.PolicyId == p.Id));

    /// <summary>The names of the backup storage locations the registered clusters report.</summary>
    public static async Task<IReadOnlyList<string>> KnownLocationsAsync(IPortalDbContext db, CancellationToken ct)
    {
        var clusters = await db.Clusters.AsNoTracking().ToListAsync(ct);
        return clusters.Where(c => !c.IsRetired).SelectMany(c => c.Capabilities.BackupStorageLocations).Select(l => l.Name)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
