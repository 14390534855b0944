using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record ChangeNamespacePolicyCommand(Guid ProtectionId, Guid PolicyId, string? Reason = null);

/// <summary>Moves a protected namespace to another policy its tenant may use; the executor changes the Schedule in place.
/// A move below the tenant's minimum, from a policy that meets it, is refused.</summary>
public sealed class ChangeNamespacePolicy(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(ChangeNamespacePolicyCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ProtectionLookup.ForChangeAsync(db, caller, cmd.ProtectionId, "You may not change this protection.", ct);
        if (!found.IsSuccess) return found.Error!;
        var p = found.Value!;
        if (p.Target != ProtectionTarget.Namespace) return Error.Validation("The cluster's resources keep their policy; remove and protect them again.");
        if (cmd.PolicyId == p.PolicyId) return Error.Validation($"{p.Namespace} is already on {p.PolicyName}; choose another policy.");
        var policy = await db.ProtectionPolicies.AsNoTracking().FirstOrDefaultAsync(x => x.Id == cmd.PolicyId, ct);
        if (policy is null || policy.Target != ProtectionTarget.Namespace || !await ProtectionTerms.IsGrantedAsync(db, p.TenantId, policy.Id, ct))
            return Error.Validation("Choose one of the policies offered for this namespace: its tenant may not use that one.");
        if (policy.IsRetired) return Error.Validation($"Policy {policy.Name} is retired and takes no new namespaces; choose another.");
        if (await ProtectionTerms.MinimumAsync(db, p.TenantId, ct) is { } minimum && policy.ShortOf(minimum) is { } shortOf)
        {
            var current = await db.ProtectionPolicies.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.PolicyId, ct);
            if (current is not null && current.Meets(minimum))
                return Error.Validation($"{shortOf} The tenant requires {minimum.Name} or better; only {ProtectionTerms.WhoMayLiftMinimum} can lower that.");
        }
        if (await ProtectionRequests.RefuseWhileChangeOpenAsync(db, p.ClusterId, p.Namespace, ct) is { } open) return open;

        return await ProtectionRequests.SubmitAsync(db, caller, s, signal, RequestKind.ProtectionChange, p.TenantId, p.ClusterId, p.Namespace,
            new ProtectionChangeParameters(ProtectionChangeKind.ChangePolicy, p.Id, policy.Id, policy.Name),
            cmd.Reason ?? $"Move {p.Namespace} from {p.PolicyName} to {policy.Name}",
            "protection.policy-change-requested", $"Policy of {p.Namespace}: {p.PolicyName} to {policy.Name} requested", p.Id.ToString(), ct);
    }
}
