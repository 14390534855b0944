using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

public sealed record GetProtectionPolicyQuery(Guid PolicyId);

/// <summary>One policy for its page: what it does, and for each tenant the caller can see whether it may use it, how many
/// of its namespaces are on it and whether it is the tenant's minimum. A policy the caller cannot see is not found.</summary>
public sealed class GetProtectionPolicy(UseCaseServices s) : IUseCase
{
    public async Task<Result<ProtectionPolicyDetails>> HandleAsync(GetProtectionPolicyQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var policy = await PolicyAccess.Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == q.PolicyId, ct);
        if (policy is null) return Error.NotFound("The protection policy");

        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.DisplayName).ToListAsync(ct);
        var granted = (await db.ProtectionPolicyGrants.AsNoTracking().Where(g => g.PolicyId == policy.Id).Select(g => g.TenantId).ToListAsync(ct)).ToHashSet();
        var onIt = await db.NamespaceProtections.AsNoTracking().Where(n => n.PolicyId == policy.Id && n.State != ProtectionState.Removed)
            .GroupBy(n => n.TenantId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var uses = tenants.Select(t => new PolicyTenantUse(t.Id, t.DisplayName, granted.Contains(t.Id), onIt.GetValueOrDefault(t.Id),
            t.MinimumProtectionPolicyId == policy.Id, caller.Can(Permission.ManagePolicies, t.Id))).ToList();
        var view = ProtectionPolicyView.Of(policy,
            uses.Where(u => u.Granted).Select(u => new PolicyTenant(u.TenantId, u.TenantName)).ToList(),
            onIt.Values.Sum(),
            uses.Where(u => u.IsMinimum).Select(u => new PolicyTenant(u.TenantId, u.TenantName)).ToList());
        var manages = PolicyAccess.ManagesEstate(caller);
        return new ProtectionPolicyDetails(view, uses, manages ? await PolicyAccess.KnownLocationsAsync(db, ct) : [], manages);
    }
}
