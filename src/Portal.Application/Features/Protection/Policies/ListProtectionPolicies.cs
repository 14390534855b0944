using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

public sealed record ListProtectionPoliciesQuery;

/// <summary>The policies the caller can see (every one for a platform engineer of the estate; otherwise those granted to
/// a tenant the caller can see), each with the tenants that may use it and how many namespaces are on it, and each
/// visible tenant's minimum. Only tenants the caller can see are named.</summary>
public sealed class ListProtectionPolicies(UseCaseServices s) : IUseCase
{
    public async Task<Result<ProtectionPolicyList>> HandleAsync(ListProtectionPoliciesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var policies = await PolicyAccess.Visible(db, caller).AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        // Both filtered to the caller's tenants: the grants and tenants of others are not read at all.
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.DisplayName).ToListAsync(ct);
        var grants = await db.ProtectionPolicyGrants.AsNoTracking().ToListAsync(ct);
        var counts = await db.NamespaceProtections.AsNoTracking().Where(n => n.State != ProtectionState.Removed)
            .GroupBy(n => n.PolicyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var names = tenants.ToDictionary(t => t.Id, t => new PolicyTenant(t.Id, t.DisplayName));
        var byId = policies.ToDictionary(p => p.Id);
        var views = policies.Select(p => ProtectionPolicyView.Of(p,
            grants.Where(g => g.PolicyId == p.Id && names.ContainsKey(g.TenantId)).Select(g => names[g.TenantId]).OrderBy(t => t.Name).ToList(),
            counts.GetValueOrDefault(p.Id),
            tenants.Where(t => t.MinimumProtectionPolicyId == p.Id).Select(t => names[t.Id]).ToList())).ToList();
        var minimums = tenants.Select(t => new TenantMinimumView(t.Id, t.DisplayName, t.MinimumProtectionPolicyId,
            t.MinimumProtectionPolicyId is { } m && byId.TryGetValue(m, out var min) ? min.Name : null,
            grants.Where(g => g.TenantId == t.Id && byId.TryGetValue(g.PolicyId, out var p) && !p.IsRetired).Select(g => new PolicyTenant(g.PolicyId, byId[g.PolicyId].Name))
                .OrderBy(x => x.Name).ToList(),
            caller.Can(Permission.ManagePolicies, t.Id))).ToList();
        var locations = PolicyAccess.ManagesEstate(caller) ? await PolicyAccess.KnownLocationsAsync(db, ct) : [];
        return new ProtectionPolicyList(views, minimums, locations, PolicyAccess.ManagesEstate(caller));
    }
}
