namespace Portal.Api;

/// <summary>The claims the API's schemes put on the caller; the host's principal provider reads the same names
/// (PortalClaims in Portal.Web: portal_uid, portal_addr, and portal_tid for the token).</summary>
public static class ApiClaims
{
    public const string UserId = "portal_uid";
    public const string SourceAddress = "portal_addr";
    /// <summary>The personal access token the call is made with.</summary>
    public const string TokenId = "portal_tid";
    /// <summary>Who the rate limit and idempotency keys count as: the token's id, or "app:&lt;id&gt;" for an Entra application.</summary>
    public const string CallerKey = "portal_api_caller";

    public static string? CallerKeyOf(System.Security.Claims.ClaimsPrincipal user) => user.FindFirst(CallerKey)?.Value;

    public static string Shorten(string s, int max = 200) => s.Length > max ? s[..max] : s;
}
