using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Tenants;

public sealed record SetApprovalPolicyCommand(Guid TenantId, RequestKind Kind, bool RequiresApproval, Persona ApproverPersona);

/// <summary>Per tenant and kind of request: approved automatically, or by an SRE / platform engineer of the tenant.</summary>
public sealed class SetApprovalPolicy(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(SetApprovalPolicyCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ManagePolicies, cmd.TenantId)) return caller.Refuse("Only platform engineers can change approval policies.");
        await using var db = await s.OpenAsync(caller, ct);
        if (!await db.Tenants.AnyAsync(t => t.Id == cmd.TenantId, ct)) return Error.NotFound("The tenant");
        if (!ListApprovalPolicies.Governed(cmd.Kind))
            return Error.Validation($"{cmd.Kind.Display()} is not decided per request: it follows the migration wave's approval.");
        var policy = await db.ApprovalPolicies.FirstOrDefaultAsync(p => p.TenantId == cmd.TenantId && p.Kind == cmd.Kind, ct);
        try
        {
            if (policy is null) db.ApprovalPolicies.Add(new ApprovalPolicy(cmd.TenantId, cmd.Kind, cmd.RequiresApproval, cmd.ApproverPersona));
            else policy.Update(cmd.RequiresApproval, cmd.ApproverPersona);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "policy.changed", "policy", $"{cmd.TenantId}/{cmd.Kind}",
            $"{cmd.Kind.Display()}: {(cmd.RequiresApproval ? $"needs approval by a {cmd.ApproverPersona.Display()}" : "approved automatically")}", cmd.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

public sealed record ListApprovalPoliciesQuery(Guid TenantId);

public sealed record ApprovalPolicyView(RequestKind Kind, bool RequiresApproval, Persona ApproverPersona, bool IsDefault);

public sealed class ListApprovalPolicies(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<ApprovalPolicyView>>> HandleAsync(ListApprovalPoliciesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ViewTenant, q.TenantId)) return Error.NotFound("The tenant");
        await using var db = await s.OpenAsync(caller, ct);
        var policies = await db.ApprovalPolicies.AsNoTracking().Where(p => p.TenantId == q.TenantId).ToListAsync(ct);
        return Enum.GetValues<RequestKind>().Where(Governed).Select(kind =>
        {
            var p = policies.FirstOrDefault(x => x.Kind == kind);
            var d = ApprovalPolicy.Default(kind);
            return p is null ? new ApprovalPolicyView(kind, d.RequiresApproval, d.Approver, true)
                : new ApprovalPolicyView(kind, p.RequiresApproval, p.ApproverPersona, false);
        }).ToList();
    }

    /// <summary>Kinds a tenant's policy decides. For an application migration the policy says whether the tenant's owners
    /// must acknowledge the move (the wave itself is approved by a platform engineer); a rollback is never held back.</summary>
    public static bool Governed(RequestKind kind) => kind != RequestKind.MigrationRollback;
}
