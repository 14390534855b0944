namespace Portal.Application.Security;

/// <summary>Who is calling: a signed-in person (with their Entra group ids) or the portal itself.</summary>
public sealed record CurrentPrincipal(string UserId, string DisplayName, string Email, IReadOnlyList<string> GroupIds, bool IsSystem = false)
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
