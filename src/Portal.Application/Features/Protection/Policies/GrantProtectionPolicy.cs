using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

public sealed record GrantProtectionPolicyCommand(Guid PolicyId, Guid TenantId);

/// <summary>Lets a tenant protect its namespaces with a policy. Granting what is already granted changes nothing.</summary>
public sealed class GrantProtectionPolicy(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(GrantProtectionPolicyCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ManagePolicies, cmd.TenantId)) return caller.Refuse("Only platform engineers can say which tenants may use a protection policy.");
        await using var db = await s.OpenAsync(caller, ct);
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == cmd.TenantId, ct);
        if (tenant is null) return Error.NotFound("The tenant");
        var policy = await PolicyAccess.Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == cmd.PolicyId, ct);
        if (policy is null) return Error.NotFound("The protection policy");
        if (policy.Target != ProtectionTarget.Namespace)
            return Error.Validation($"{policy.Name} protects cluster resources, which belong to no tenant: it is not granted to tenants.");
        if (policy.IsRetired) return Error.Validation($"{policy.Name} is retired: it takes no new tenants.");
        if (await db.ProtectionPolicyGrants.AnyAsync(g => g.PolicyId == policy.Id && g.TenantId == tenant.Id, ct)) return Unit.Value;

        db.ProtectionPolicyGrants.Add(new ProtectionPolicyGrant(tenant.Id, policy.Id, caller.Principal.DisplayName, s.Now));
        db.Audit(caller, s.Now, "protection.policy.granted", "protection-policy", policy.Id.ToString(),
            $"{tenant.DisplayName} may protect its namespaces with {policy.Name}", tenant.Id);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
