using Portal.Domain.Common;

namespace Portal.Domain.Tenants;

/// <summary>A namespace on one cluster that a tenant owns. Ownership is what lets the tenant's
/// application owners back it up and restore into it.</summary>
public sealed class TenantNamespace : Entity, IClusterScoped
{
    private TenantNamespace() { Namespace = ""; }

    public TenantNamespace(Guid tenantId, Guid clusterId, string @namespace, DateTimeOffset claimedAt, string claimedBy)
    {
        if (TenantNamespaceName.Explain(@namespace) is { } why) throw new DomainException(why);
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        ClaimedAt = claimedAt;
        ClaimedBy = claimedBy;
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public string Namespace { get; private set; }
    public DateTimeOffset ClaimedAt { get; private set; }
    public string ClaimedBy { get; private set; } = "";

    /// <summary>The namespace's own target RTO; null: the portal's default (the rule: <see cref="Recovery.TargetRto"/>).</summary>
    public TimeSpan? TargetRto { get; private set; }

    public void SetTargetRto(TimeSpan? target)
    {
        if (Recovery.TargetRto.Explain(target) is { } why) throw new DomainException(why);
        TargetRto = target;
    }
}
