using Portal.Domain.Common;

namespace Portal.Domain.Protection;

/// <summary>A tenant may protect its namespaces with a policy: platform engineers grant each policy to the tenants
/// (business units) it is meant for. Without a grant, the policy is not offered to the tenant and not accepted.</summary>
public sealed class ProtectionPolicyGrant : Entity, ITenantOwned
{
    private ProtectionPolicyGrant() { GrantedBy = ""; }

    public ProtectionPolicyGrant(Guid tenantId, Guid policyId, string grantedBy, DateTimeOffset now)
    {
        TenantId = tenantId;
        PolicyId = policyId;
        GrantedBy = grantedBy;
        GrantedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid PolicyId { get; private set; }
    public string GrantedBy { get; private set; }
    public DateTimeOffset GrantedAt { get; private set; }
}
