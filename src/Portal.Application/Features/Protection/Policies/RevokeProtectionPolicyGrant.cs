using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

public sealed record RevokeProtectionPolicyGrantCommand(Guid PolicyId, Guid TenantId);

/// <summary>Takes a policy away from a tenant. Refused while a namespace of the tenant is protected by it (they are
/// moved to another policy first) and while it is the tenant's minimum.</summary>
public sealed class RevokeProtectionPolicyGrant(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(RevokeProtectionPolicyGrantCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ManagePolicies, cmd.TenantId)) return caller.Refuse("Only platform engineers can say which tenants may use a protection policy.");
        await using var db = await s.OpenAsync(caller, ct);
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == cmd.TenantId, ct);
        if (tenant is null) return Error.NotFound("The tenant");
        var grant = await db.ProtectionPolicyGrants.FirstOrDefaultAsync(g => g.PolicyId == cmd.PolicyId && g.TenantId == tenant.Id, ct);
        if (grant is null) return Error.NotFound("That policy's grant to the tenant");
        var policy = await db.ProtectionPolicies.AsNoTracking().FirstAsync(p => p.Id == cmd.PolicyId, ct);

        if (tenant.MinimumProtectionPolicyId == policy.Id)
            return Error.Validation($"{policy.Name} is the minimum of {tenant.DisplayName}: choose another minimum (or none) first.");
        var onIt = await db.NamespaceProtections.CountAsync(n => n.TenantId == tenant.Id && n.PolicyId == policy.Id && n.State != ProtectionState.Removed, ct);
        if (onIt > 0)
            return Error.Validation($"{onIt} namespace{(onIt == 1 ? " of " + tenant.DisplayName + " is" : "s of " + tenant.DisplayName + " are")} protected by {policy.Name}: "
                + "move " + (onIt == 1 ? "it" : "them") + " to another policy first.");

        db.ProtectionPolicyGrants.Remove(grant);
        db.Audit(caller, s.Now, "protection.policy.revoked", "protection-policy", policy.Id.ToString(),
            $"{tenant.DisplayName} may no longer protect its namespaces with {policy.Name}", tenant.Id);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
