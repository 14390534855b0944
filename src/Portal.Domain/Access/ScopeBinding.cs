using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>"This user (or every member of this Entra group) holds this persona over this scope."</summary>
public sealed class ScopeBinding : Entity
{
    private ScopeBinding() { PrincipalId = ""; }

    public ScopeBinding(PrincipalKind principalKind, string principalId, Persona persona, ScopeKind scopeKind,
        Guid? tenantId = null, Guid? clusterId = null)
    {
        if (string.IsNullOrWhiteSpace(principalId)) throw new DomainException("A scope binding needs a user or group.");
        if (scopeKind == ScopeKind.Tenant && tenantId is null) throw new DomainException("A tenant scope needs a tenant.");
        if (scopeKind == ScopeKind.Cluster && clusterId is null) throw new DomainException("A cluster scope needs a cluster.");
        PrincipalKind = principalKind;
        // User ids are portal Guids, compared as .NET writes them; group ids and app roles are kept as given.
        PrincipalId = principalKind == PrincipalKind.User && Guid.TryParse(principalId, out var userId) ? userId.ToString() : principalId.Trim();
        Persona = persona;
        ScopeKind = scopeKind;
        TenantId = scopeKind == ScopeKind.Tenant ? tenantId : null;
        ClusterId = scopeKind == ScopeKind.Cluster ? clusterId : null;
    }

    public PrincipalKind PrincipalKind { get; private set; }
    /// <summary>The portal user's id, or the Entra group's object id.</summary>
    public string PrincipalId { get; private set; }
    public Persona Persona { get; private set; }
    public ScopeKind ScopeKind { get; private set; }
    public Guid? TenantId { get; private set; }
    public Guid? ClusterId { get; private set; }
}

public enum PrincipalKind { User, Group }

/// <summary>Estate: every tenant and cluster. Tenant: one tenant's namespaces wherever they are.
/// Cluster: every namespace on one cluster.</summary>
public enum ScopeKind { Estate, Tenant, Cluster }
