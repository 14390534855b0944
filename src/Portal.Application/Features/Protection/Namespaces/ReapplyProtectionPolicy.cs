using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record ReapplyProtectionPolicyCommand(Guid PolicyId, string? Reason = null);

/// <param name="Submitted">Requests submitted, one per protection on the policy.</param>
/// <param name="Skipped">Protections left alone, each with why (another change open, say).</param>
public sealed record ReapplyResult(int Submitted, IReadOnlyList<string> Skipped);

/// <summary>After a platform engineer changed a policy: asks for every active protection on it to have its Schedule
/// written again with the policy's current settings, through each one's own request (and its tenant's approval rules).</summary>
public sealed class ReapplyProtectionPolicy(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<ReapplyResult>> HandleAsync(ReapplyProtectionPolicyCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        // A policy spans tenants and clusters: applying it again is for platform engineers over the whole estate.
        if (!caller.CanEstateWide(Permission.ManagePolicies)) return caller.Refuse("Only a platform engineer over the whole estate can apply a policy again.");
        List<NamespaceProtection> protections;
        ProtectionPolicy? policy;
        await using (var db = await s.OpenAsync(caller, ct))
        {
            policy = await db.ProtectionPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == cmd.PolicyId, ct);
            if (policy is null) return Error.NotFound("The policy");
            protections = await db.NamespaceProtections.AsNoTracking()
                .Where(p => p.PolicyId == policy.Id && p.State == ProtectionState.Active).ToListAsync(ct);
        }

        var submitted = 0;
        var skipped = new List<string>();
        foreach (var p in protections.Where(p => p.Target == ProtectionTarget.ClusterResources
                     ? caller.Can(Permission.ManagePolicies, null, p.ClusterId) : caller.Can(Permission.ManagePolicies, p.TenantId, p.ClusterId)))
        {
            await using var db = await s.OpenAsync(caller, ct);
            var result = await ProtectionRequests.ChangeAsync(db, caller, s, signal, p,
                new ProtectionChangeParameters(ProtectionChangeKind.Reapply, p.Id, policy.Id, policy.Name, ClusterResources: p.Target == ProtectionTarget.ClusterResources),
                cmd.Reason ?? $"Apply the changed policy {policy.Name} again", "protection.reapply-requested",
                $"Policy {policy.Name} applied again to {ProtectionLookup.Subject(p)}", ct);
            if (result.IsSuccess) submitted++;
            else skipped.Add($"{ProtectionLookup.Subject(p)}: {result.Error!.Message}");
        }

        return new ReapplyResult(submitted, skipped);
    }
}
