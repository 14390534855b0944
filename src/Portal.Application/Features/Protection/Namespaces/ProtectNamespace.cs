using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record ProtectNamespaceCommand(Guid TenantNamespaceId, Guid PolicyId, string? Reason = null);

/// <summary>Asks for a namespace to be protected with a policy its tenant may use. The protection exists once the
/// executor has written its Velero Schedule, after approval; a rejected request leaves nothing behind.</summary>
public sealed class ProtectNamespace(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(ProtectNamespaceCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RequestBackup, ns.TenantId, ns.ClusterId))
            return caller.Refuse($"You may not request backups of {ns.Namespace}, so you may not protect it.");

        var policy = await db.ProtectionPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == cmd.PolicyId, ct);
        if (policy is null || policy.Target != ProtectionTarget.Namespace || !await ProtectionTerms.IsGrantedAsync(db, ns.TenantId, policy.Id, ct))
            return Error.Validation("Choose one of the policies offered for this namespace: its tenant may not use that one.");
        if (policy.IsRetired) return Error.Validation($"Policy {policy.Name} is retired and takes no new namespaces; choose another.");
        if (await db.NamespaceProtections.AsNoTracking().AnyAsync(p => p.ClusterId == ns.ClusterId && p.Target == ProtectionTarget.Namespace
                && p.Namespace == ns.Namespace && p.State != ProtectionState.Removed, ct))
            return Error.Conflict($"{ns.Namespace} is already protected; change its policy instead.");
        if (await ProtectionRequests.RefuseWhileChangeOpenAsync(db, ns.ClusterId, ns.Namespace, ct) is { } open) return open;

        return await ProtectionRequests.SubmitAsync(db, caller, s, signal, RequestKind.ProtectionChange, ns.TenantId, ns.ClusterId, ns.Namespace,
            new ProtectionChangeParameters(ProtectionChangeKind.Protect, null, policy.Id, policy.Name), cmd.Reason ?? $"Protect {ns.Namespace} with {policy.Name}",
            "protection.requested", $"Protection of {ns.Namespace} with {policy.Name} requested", ns.Id.ToString(), ct);
    }
}
