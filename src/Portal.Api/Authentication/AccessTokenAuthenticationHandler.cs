using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Features.Tokens;
using Portal.Domain.Access;

namespace Portal.Api.Authentication;

/// <summary><c>Authorization: Bearer ptl_…</c>: a personal access token. Only the API's endpoints ask for this scheme (the UI
/// keeps its cookie, and the API never accepts the cookie, so there is no cross-site request to forge). The principal names the
/// owner and the token; what it may do is decided per call by the access context (the token's scopes and the owner's bindings of now).</summary>
public sealed class AccessTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AuthenticateAccessToken authenticate) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PortalAccessToken";
    private const string FailureKey = "portal.api.token-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(AccessToken.Prefix, StringComparison.Ordinal)) return AuthenticateResult.NoResult();
        var result = await authenticate.HandleAsync(new AuthenticateAccessTokenCommand(secret), Context.RequestAborted);
        if (!result.IsSuccess)
        {
            Context.Items[FailureKey] = result.Error!.Message;
            return AuthenticateResult.Fail(result.Error.Message);
        }
        var token = result.Value!;
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "";
        var identity = new ClaimsIdentity([
            new Claim(ApiClaims.UserId, token.OwnerUserId.ToString()),
            new Claim("name", ApiClaims.Shorten($"{token.OwnerName} (token '{token.TokenName}')")),
            new Claim(ApiClaims.TokenId, token.TokenId.ToString()),
            new Claim(ApiClaims.CallerKey, token.TokenId.ToString()),
            new Claim(ApiClaims.SourceAddress, address),
        ], Scheme.Name, "name", ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted) return Task.CompletedTask;
        var why = Context.Items[FailureKey] as string
                  ?? "Send a personal access token (Authorization: Bearer ptl_…); make one on the portal's Access tokens page.";
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Not signed in", why);
    }
}
