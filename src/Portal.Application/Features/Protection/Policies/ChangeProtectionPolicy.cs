using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

/// <param name="Version">The policy's version when the editor opened it: an edit made on an older version is refused.</param>
public sealed record ChangeProtectionPolicyCommand(Guid PolicyId, Guid Version, ProtectionPolicyInput Input);

/// <summary>A platform engineer of the estate changes what a policy does. The namespaces on it keep their current
/// Schedule until the change is re-applied to them (a request per protection, made by <c>ReapplyProtectionPolicy</c>).
/// Two people editing at once cannot both win: the second is told, in words, to reload.</summary>
public sealed class ChangeProtectionPolicy(UseCaseServices s) : IUseCase
{
    public async Task<Result<ProtectionPolicySaved>> HandleAsync(ChangeProtectionPolicyCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!PolicyAccess.ManagesEstate(caller)) return caller.Refuse(PolicyAccess.ManageRefusal);
        await using var db = await s.OpenAsync(caller, ct);
        var policy = await db.ProtectionPolicies.FirstOrDefaultAsync(p => p.Id == cmd.PolicyId, ct);
        if (policy is null) return Error.NotFound("The protection policy");
        if (policy.Version != cmd.Version) return Stale(policy);
        if (policy.IsRetired) return Error.Validation($"Policy {policy.Name} is retired: it can no longer be changed.");

        var checkedInput = await ProtectionPolicyInputCheck.CheckAsync(db, cmd.Input, s.Now, ct);
        if (!checkedInput.IsSuccess) return checkedInput.Error!;
        var (settings, warnings) = checkedInput.Value;
        var before = CreateProtectionPolicy.Describe(policy);
        try
        {
            policy.Change(settings, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        var after = CreateProtectionPolicy.Describe(policy);
        var namespaces = await db.NamespaceProtections.CountAsync(n => n.PolicyId == policy.Id && n.State != ProtectionState.Removed, ct);
        db.Audit(caller, s.Now, "protection.policy.changed", "protection-policy", policy.Id.ToString(),
            $"Protection policy {policy.Name} changed from {before} to {after}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale(policy);
        }
        return new ProtectionPolicySaved(policy.Id, policy.Version, warnings, namespaces);
    }

    private static Error Stale(ProtectionPolicy policy) => Error.Conflict(
        $"Someone else changed policy {policy.Name} since you opened it. Reload the page to see their change, then make yours again.");
}
