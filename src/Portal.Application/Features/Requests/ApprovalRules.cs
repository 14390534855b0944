using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests;

/// <summary>Who must approve what: the tenant's policy for the kind of request, or the default.</summary>
public static class ApprovalRules
{
    public static async Task<(bool RequiresApproval, Persona Approver)> ResolveAsync(IPortalDbContext db, Guid tenantId, RequestKind kind, CancellationToken ct)
    {
        if (tenantId == Guid.Empty) return Resolve(tenantId, kind, null);
        // The policy governs the request whoever looks at it: a persona bound to the request's cluster belongs to no
        // tenant, and must be held to the tenant's policy, not to the default. Its own query (a bypass is per query).
        var policy = await db.ApprovalPolicies.AcrossTenants().AsNoTracking().FirstOrDefaultAsync(p => p.TenantId == tenantId && p.Kind == kind, ct);
        return Resolve(tenantId, kind, policy);
    }

    /// <summary>The rule with the tenant's policy for the kind already read (null: none). A request of no tenant (a
    /// cluster's own resources under protection) is the platform's: another platform engineer over the cluster
    /// approves it, and no tenant's policy applies.</summary>
    public static (bool RequiresApproval, Persona Approver) Resolve(Guid tenantId, RequestKind kind, ApprovalPolicy? policy) =>
        tenantId == Guid.Empty ? (true, Persona.PlatformEngineer)
        : policy is null ? ApprovalPolicy.Default(kind) : (policy.RequiresApproval, policy.ApproverPersona);

    public static Permission ApprovePermission(RequestKind kind) =>
        kind is RequestKind.NamespaceBackup or RequestKind.ProtectionChange or RequestKind.ProtectionBackupNow
            ? Permission.ApproveBackup : Permission.ApproveRestore;

    /// <summary>The caller may decide on the request: holds the policy's approver persona over its tenant or
    /// cluster, and did not ask for it.</summary>
    public static bool CanDecide(AccessContext caller, OperationRequest request, Persona approver) =>
        !caller.IsSystem
        && request.RequestedById != caller.Principal.UserId
        && caller.HoldsPersona(approver, request.TenantId, request.ClusterId)
        && caller.Can(ApprovePermission(request.Kind), request.TenantId, request.ClusterId);
}
