using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

/// <param name="PolicyId">The minimum; null for none.</param>
public sealed record SetTenantProtectionMinimumCommand(Guid TenantId, Guid? PolicyId);

/// <summary>"Every namespace of the tenant must be on this policy or better" (<see cref="ProtectionPolicy.Meets"/>).
/// The minimum is one of the policies the tenant may use, and not retired.</summary>
public sealed class SetTenantProtectionMinimum(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(SetTenantProtectionMinimumCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ManagePolicies, cmd.TenantId)) return caller.Refuse("Only platform engineers can set a tenant's minimum protection.");
        await using var db = await s.OpenAsync(caller, ct);
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == cmd.TenantId, ct);
        if (tenant is null) return Error.NotFound("The tenant");
        if (tenant.MinimumProtectionPolicyId == cmd.PolicyId) return Unit.Value;

        string summary;
        if (cmd.PolicyId is { } policyId)
        {
            var policy = await PolicyAccess.Visible(db, caller).AsNoTracking().FirstOrDefaultAsync(p => p.Id == policyId, ct);
            if (policy is null) return Error.NotFound("The protection policy");
            if (policy.IsRetired) return Error.Validation($"{policy.Name} is retired: choose a policy in use as the minimum.");
            if (!await db.ProtectionPolicyGrants.AnyAsync(g => g.PolicyId == policy.Id && g.TenantId == tenant.Id, ct))
                return Error.Validation($"{tenant.DisplayName} may not use {policy.Name}: let it use the policy first, then make it the minimum.");
            summary = $"Every namespace of {tenant.DisplayName} must be on {policy.Name} or better";
        }
        else summary = $"{tenant.DisplayName} has no minimum protection any more";

        tenant.RequireProtection(cmd.PolicyId);
        db.Audit(caller, s.Now, cmd.PolicyId is null ? "protection.minimum.cleared" : "protection.minimum.set", "tenant", tenant.Id.ToString(), summary, tenant.Id);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
