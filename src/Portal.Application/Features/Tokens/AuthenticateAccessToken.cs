using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;

namespace Portal.Application.Features.Tokens;

public sealed record AuthenticateAccessTokenCommand(string Secret);

public sealed record AuthenticatedToken(Guid TokenId, string TokenName, Guid OwnerUserId, string OwnerName);

/// <summary>The API's sign-in: finds the token by the hash of the presented secret, compares in constant time, refuses a
/// revoked or expired one, and records when it was last used (at most once a minute per token).</summary>
public sealed class AuthenticateAccessToken(IPortalDbContextFactory factory, TimeProvider time) : IUseCase
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<Result<AuthenticatedToken>> HandleAsync(AuthenticateAccessTokenCommand cmd, CancellationToken ct = default)
    {
        const string unknown = "The access token is not valid.";
        if (!AccessToken.LooksLikeSecret(cmd.Secret)) return Error.Forbidden(unknown);
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        var hash = AccessToken.Hash(cmd.Secret);
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, ct);
        if (token is null || !token.Matches(cmd.Secret)) return Error.Forbidden(unknown);
        var now = time.GetUtcNow();
        if (token.RevokedAt is not null) return Error.Forbidden($"The access token '{token.Name}' was revoked.");
        if (now >= token.ExpiresAt) return Error.Forbidden($"The access token '{token.Name}' expired at {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC.");
        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            token.Used(now);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { /* another call recorded it */ }
        }
        return new AuthenticatedToken(token.Id, token.Name, token.OwnerUserId, token.OwnerName);
    }
}
