using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Application.Features.Tokens;

/// <summary>The access context of a call made with a personal access token: the owner's grants of now (their bindings and
/// the groups recorded on the token), narrowed to the token's tenants and scopes. A revoked or expired token holds nothing.</summary>
internal static class TokenAccess
{
    public const string EndedMessage = "This access token was revoked or has expired. Make a new one on the Access tokens page.";

    public static async Task<AccessContext> ContextAsync(IPortalDbContext db, CurrentPrincipal principal, Guid tokenId, DateTimeOffset now,
        SecurityEvents events, CancellationToken ct)
    {
        var token = await db.AccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId, ct);
        if (token is null || !token.IsActiveAt(now) || token.OwnerUserId.ToString() != principal.UserId)
            return new AccessContext(CurrentPrincipal.Anonymous with { SourceAddress = principal.SourceAddress }, [],
                (useCase, why) => events.Refused(principal, useCase, why), sessionEnded: true);
        var limit = new TokenLimit(token.Id, token.Name, token.Scopes);
        var owner = await PersonGrants.OfAsync(db, principal.UserId, token.OwnerGroupIds, ct);
        return new AccessContext(principal, limit.Narrow(owner), (useCase, why) => events.Refused(principal, useCase, why), token: limit);
    }
}
