using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>"This user (or every member of this Entra group, or this Entra application) holds this persona over this scope."</summary>
public sealed class ScopeBinding : Entity
{
    private ScopeBinding() { PrincipalId = ""; }

    public ScopeBinding(PrincipalKind principalKind, string principalId, Persona persona, ScopeKind scopeKind,
        Guid? tenantId = null, Guid? clusterId = null)
    {
        if (string.IsNullOrWhiteSpace(principalId)) throw new DomainException("A scope binding needs a user, group or application.");
        if (principalKind == PrincipalKind.Application && ExplainInvalidApplicationId(principalId) is { } why) throw new DomainException(why);
        if (scopeKind == ScopeKind.Tenant && tenantId is null) throw new DomainException("A tenant scope needs a tenant.");
        if (scopeKind == ScopeKind.Cluster && clusterId is null) throw new DomainException("A cluster scope needs a cluster.");
        PrincipalKind = principalKind;
        // User and application ids are Guids, compared as .NET writes them (Entra writes them the same way in its tokens);
        // group ids and app roles are kept as given.
        PrincipalId = principalKind is PrincipalKind.User or PrincipalKind.Application && Guid.TryParse(principalId, out var id)
            ? id.ToString() : principalId.Trim();
        Persona = persona;
        ScopeKind = scopeKind;
        TenantId = scopeKind == ScopeKind.Tenant ? tenantId : null;
        ClusterId = scopeKind == ScopeKind.Cluster ? clusterId : null;
    }

    public PrincipalKind PrincipalKind { get; private set; }
    /// <summary>The portal user's id, the Entra group's object id (or an app role), or the Entra application's client id or
    /// service principal object id.</summary>
    public string PrincipalId { get; private set; }
    public Persona Persona { get; private set; }
    public ScopeKind ScopeKind { get; private set; }
    public Guid? TenantId { get; private set; }
    public Guid? ClusterId { get; private set; }

    /// <summary>Why <paramref name="id"/> cannot name an Entra application, in plain words; null when it can. Only the written form
    /// Entra shows (8-4-4-4-12 hex digits) is taken: anything else is refused, not guessed at.</summary>
    public static string? ExplainInvalidApplicationId(string? id) =>
        Guid.TryParseExact(id?.Trim(), "D", out _) ? null
            : $"An Entra application is named by its client id or object id, a GUID such as 8d6f2a3c-1b4e-4f5a-9c7d-2e3f4a5b6c7d; '{id}' is not one.";
}

/// <summary>Who a binding grants: a portal user, the members of an Entra group (or holders of an app role), or an Entra
/// application calling the API with an app-only token (by its client id or its service principal's object id). An application is
/// matched like a group: its ids are presented as the caller's group principals (see the API's Entra scheme).</summary>
public enum PrincipalKind { User, Group, Application }

/// <summary>Estate: every tenant and cluster. Tenant: one tenant's namespaces wherever they are.
/// Cluster: every namespace on one cluster.</summary>
public enum ScopeKind { Estate, Tenant, Cluster }
