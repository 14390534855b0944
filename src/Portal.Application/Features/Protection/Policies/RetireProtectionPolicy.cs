using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

/// <param name="ConfirmName">The policy's name, typed to confirm.</param>
public sealed record RetireProtectionPolicyCommand(Guid PolicyId, string? ConfirmName);

/// <summary>A retired policy takes no new namespaces or tenants and can no longer be changed; what it protects stays
/// protected until it is moved to another policy. A tenant's minimum cannot be retired: the minimum is changed first.</summary>
public sealed class RetireProtectionPolicy(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(RetireProtectionPolicyCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!PolicyAccess.ManagesEstate(caller)) return caller.Refuse(PolicyAccess.ManageRefusal);
        await using var db = await s.OpenAsync(caller, ct);
        var policy = await db.ProtectionPolicies.FirstOrDefaultAsync(p => p.Id == cmd.PolicyId, ct);
        if (policy is null) return Error.NotFound("The protection policy");
        if ((cmd.ConfirmName ?? "").Trim() != policy.Name) return Error.Validation($"Type the policy's name, {policy.Name}, to confirm retiring it.");

        // An estate-wide caller's context sees every tenant.
        var minimumOf = await db.Tenants.AsNoTracking().Where(t => t.MinimumProtectionPolicyId == policy.Id)
            .OrderBy(t => t.DisplayName).Select(t => t.DisplayName).ToListAsync(ct);
        if (minimumOf.Count > 0)
            return Error.Validation($"{policy.Name} is the minimum of {string.Join(", ", minimumOf)}: choose another minimum for "
                + (minimumOf.Count == 1 ? "that tenant" : "those tenants") + " first.");
        try
        {
            policy.Retire(s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        var namespaces = await db.NamespaceProtections.CountAsync(n => n.PolicyId == policy.Id && n.State != ProtectionState.Removed, ct);
        db.Audit(caller, s.Now, "protection.policy.retired", "protection-policy", policy.Id.ToString(),
            $"Protection policy {policy.Name} retired ({namespaces} namespace{(namespaces == 1 ? "" : "s")} still on it)");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict($"Someone else changed policy {policy.Name} at the same time. Reload the page and try again.");
        }
        return Unit.Value;
    }
}
