using System.Security.Claims;
using Portal.Application.Security;

namespace Portal.Web.Authentication;

/// <summary>The claims the portal reads. `portal_uid` is the portal user id, added at sign-in.</summary>
public static class PortalClaims
{
    public const string UserId = "portal_uid";
    /// <summary>The server-side session (UserSession) of this sign-in; revoked on sign-out or by an administrator.</summary>
    public const string SessionId = "portal_sid";
    /// <summary>The client address at sign-in, for audit events raised from a circuit (which has no request of its own).</summary>
    public const string SourceAddress = "portal_addr";

    public static Guid? SessionOf(ClaimsPrincipal user) => Guid.TryParse(user.FindFirst(SessionId)?.Value, out var id) ? id : null;

    public static CurrentPrincipal ToPrincipal(ClaimsPrincipal user)
    {
        var id = user.FindFirst(UserId)?.Value;
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id)) return CurrentPrincipal.Anonymous;
        var name = user.FindFirst("name")?.Value ?? user.Identity.Name ?? id;
        var email = user.FindFirst(ClaimTypes.Email)?.Value ?? user.FindFirst("preferred_username")?.Value ?? "";
        // Entra group object ids and app role values both act as group principals for scope bindings.
        var groups = user.FindAll("groups").Concat(user.FindAll(ClaimTypes.Role)).Concat(user.FindAll("roles"))
            .Select(c => c.Value).Distinct().ToList();
        // An API call with a personal access token: the access context narrows the owner's rights to the token's.
        var token = Guid.TryParse(user.FindFirst(Portal.Api.ApiClaims.TokenId)?.Value, out var tokenId) ? tokenId : (Guid?)null;
        return new CurrentPrincipal(id, name, email, groups, SessionId: SessionOf(user), SourceAddress: user.FindFirst(SourceAddress)?.Value, TokenId: token);
    }
}
