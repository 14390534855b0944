using System.Security.Claims;
using Portal.Application.Security;

namespace Portal.Web.Authentication;

/// <summary>The claims the portal reads. `portal_uid` is the portal user id, added at sign-in.</summary>
public static class PortalClaims
{
    public const string UserId = "portal_uid";

    public static CurrentPrincipal ToPrincipal(ClaimsPrincipal user)
    {
        var id = user.FindFirst(UserId)?.Value;
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id)) return CurrentPrincipal.Anonymous;
        var name = user.FindFirst("name")?.Value ?? user.Identity.Name ?? id;
        var email = user.FindFirst(ClaimTypes.Email)?.Value ?? user.FindFirst("preferred_username")?.Value ?? "";
        // Entra group object ids and app role values both act as group principals for scope bindings.
        var groups = user.FindAll("groups").Concat(user.FindAll(ClaimTypes.Role)).Concat(user.FindAll("roles"))
            .Select(c => c.Value).Distinct().ToList();
        return new CurrentPrincipal(id, name, email, groups);
    }
}
