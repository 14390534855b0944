using Portal.Domain.Access;

namespace Portal.Application.Security;

public sealed record AccessGrant(Persona Persona, ScopeKind ScopeKind, Guid? TenantId, Guid? ClusterId)
{
    /// <summary>Does this grant cover work on <paramref name="clusterId"/> for <paramref name="tenantId"/>?</summary>
    public bool Covers(Guid? tenantId, Guid? clusterId) => ScopeKind switch
    {
        ScopeKind.Estate => true,
        ScopeKind.Tenant => tenantId is not null && TenantId == tenantId,
        ScopeKind.Cluster => clusterId is not null && ClusterId == clusterId,
        _ => false,
    };
}

/// <summary>The caller's grants, resolved once per unit of work. All permission checks of the
/// application go through <see cref="Can"/>; all reads go through <see cref="Scope"/>.</summary>
public sealed class AccessContext(CurrentPrincipal principal, IReadOnlyList<AccessGrant> grants, Action<string, string>? onRefused = null,
    bool sessionEnded = false, TokenLimit? token = null)
{
    /// <summary>Set when the caller acts through a personal access token: its grants are already narrowed to the token's tenants
    /// (<see cref="TokenLimit.Narrow"/>) and every permission check also asks the token.</summary>
    public TokenLimit? Token { get; } = token;

    public const string SessionEndedMessage = "Your sign-in has ended (you signed out, or an administrator revoked it). Sign in again.";

    /// <summary>The caller's session was revoked: it holds no grants and every refusal says so.</summary>
    public bool SessionEnded { get; } = sessionEnded;

    public CurrentPrincipal Principal { get; } = principal;
    public IReadOnlyList<AccessGrant> Grants { get; } = grants;

    public static AccessContext System { get; } = new(CurrentPrincipal.System, []);

    public bool IsSystem => Principal.IsSystem;

    /// <summary>The one way a use case refuses for lack of rights: the refusal is recorded in the audit log
    /// (who, from where, which use case, why) and returned as the use case's error.</summary>
    public Common.Error Refuse(string message = "You do not have permission to do this.", [System.Runtime.CompilerServices.CallerFilePath] string useCase = "")
    {
        if (SessionEnded) message = SessionEndedMessage;
        onRefused?.Invoke(Path.GetFileNameWithoutExtension(useCase), message);
        return Common.Error.Forbidden(message);
    }

    /// <summary>True when some persona the caller holds over the given tenant/cluster grants the permission.</summary>
    public bool Can(Permission permission, Guid? tenantId = null, Guid? clusterId = null) =>
        IsSystem || (Grants.Any(g => g.Persona.Grants(permission) && g.Covers(tenantId, clusterId)) && (Token?.Allows(permission, tenantId) ?? true));

    /// <summary>True when the caller holds the permission anywhere (for estate-level screens and menus).</summary>
    public bool CanAnywhere(Permission permission) => IsSystem || (Grants.Any(g => g.Persona.Grants(permission)) && (Token?.Allows(permission, null) ?? true));

    /// <summary>True when the permission is held over the whole estate.</summary>
    public bool CanEstateWide(Permission permission) =>
        IsSystem || (Grants.Any(g => g.ScopeKind == ScopeKind.Estate && g.Persona.Grants(permission)) && Token is null);

    public bool HoldsPersona(Persona persona, Guid? tenantId, Guid? clusterId) =>
        Grants.Any(g => g.Persona == persona && g.Covers(tenantId, clusterId));

    /// <summary>The rows this caller may read: every tenant it holds a persona for, every cluster it holds one on.</summary>
    public TenantScope Scope
    {
        get
        {
            if (IsSystem || Grants.Any(g => g.ScopeKind == ScopeKind.Estate)) return TenantScope.Everything;
            return new TenantScope(false,
                Grants.Where(g => g.TenantId is not null).Select(g => g.TenantId!.Value).Distinct().ToList(),
                Grants.Where(g => g.ClusterId is not null).Select(g => g.ClusterId!.Value).Distinct().ToList());
        }
    }
}

public interface IAccessContextProvider
{
    Task<AccessContext> GetAsync(CancellationToken ct = default);
}
