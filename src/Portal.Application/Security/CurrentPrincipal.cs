namespace Portal.Application.Security;

/// <summary>Who is calling: a signed-in person (with their Entra group ids) or the portal itself.</summary>
/// <remarks><see cref="TokenId"/> is set when the person calls the API with a personal access token: the access context then
/// narrows their rights to the token's scopes. <see cref="SessionId"/> is the sign-in session (UserSession) a person acts through: the access context refuses
/// everything once it is revoked. <see cref="SourceAddress"/> is the client address, recorded on audit events.</remarks>
public sealed record CurrentPrincipal(string UserId, string DisplayName, string Email, IReadOnlyList<string> GroupIds, bool IsSystem = false,
    Guid? SessionId = null, string? SourceAddress = null, Guid? TokenId = null)
{
    public static readonly CurrentPrincipal Anonymous = new("", "anonymous", "", []);
    public static readonly CurrentPrincipal System = new("system", "portal executor", "", [], IsSystem: true);

    public bool IsAuthenticated => IsSystem || UserId.Length > 0;
}

/// <summary>Supplied by the host: the Blazor circuit's signed-in user, or the executor's system principal.</summary>
public interface ICurrentPrincipalProvider
{
    Task<CurrentPrincipal> GetAsync(CancellationToken ct = default);
}
