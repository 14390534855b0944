using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;

namespace Portal.Application.Features.Tokens;

public sealed record CreateAccessTokenCommand(string Name, IReadOnlyList<TokenScope> Scopes, int ExpiresInDays);

/// <param name="Secret">Shown once: the portal keeps only its hash.</param>
public sealed record CreatedAccessToken(AccessTokenView Token, string Secret);

/// <summary>A signed-in person makes a personal access token for the API: named, carrying only rights they hold now, expiring
/// within the shortest maximum of its tenants. Audited. A token cannot make tokens.</summary>
public sealed class CreateAccessToken(UseCaseServices s) : IUseCase
{
    public async Task<Result<CreatedAccessToken>> HandleAsync(CreateAccessTokenCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (caller.IsSystem || !caller.Principal.IsAuthenticated || !Guid.TryParse(caller.Principal.UserId, out var ownerId))
            return caller.Refuse("Sign in to make an access token.");
        if (caller.Token is not null) return caller.Refuse("An access token cannot make access tokens; sign in to the portal to make one.");
        if (string.IsNullOrWhiteSpace(cmd.Name)) return Error.Validation("Give the token a name, so you know later what uses it.") with { Field = "name" };
        if (cmd.Name.Trim().Length > AccessToken.MaxNameLength)
            return Error.Validation($"Keep the name under {AccessToken.MaxNameLength} characters.") with { Field = "name" };
        if (cmd.Scopes.Count == 0) return Error.Validation("Choose at least one right for the token.") with { Field = "scopes" };
        if (cmd.Scopes.FirstOrDefault(x => !TokenChoices.ApiPermissions.Contains(x.Permission)) is { } notApi)
            return Error.Validation($"A token cannot carry {notApi.Permission}: the API does not serve it.") with { Field = "scopes" };
        var beyond = cmd.Scopes.FirstOrDefault(x => !caller.Can(x.Permission, x.TenantId));
        if (beyond is not null)
            return caller.Refuse($"You do not hold {TokenChoices.Describe(beyond.Permission)} in that tenant, so a token of yours cannot either.") with { Field = "scopes" };

        await using var db = await s.OpenAsync(caller, ct);
        var tenantIds = cmd.Scopes.Select(x => x.TenantId).Distinct().ToList();
        var tenants = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToListAsync(ct);
        if (tenants.Count != tenantIds.Count) return Error.NotFound("A tenant of the token");
        var max = tenants.Min(t => t.MaxTokenLifetime);
        if (cmd.ExpiresInDays < 1 || TimeSpan.FromDays(cmd.ExpiresInDays) > max)
        {
            var strictest = tenants.MinBy(t => t.MaxTokenLifetime)!;
            return Error.Validation($"A token may live between 1 and {(int)max.TotalDays} days ({strictest.DisplayName} allows at most {(int)max.TotalDays}); you asked for {cmd.ExpiresInDays}.")
                with { Field = "expiresInDays" };
        }
        var now = s.Now;
        var (token, secret) = AccessToken.Create(cmd.Name, ownerId, caller.Principal.DisplayName, caller.Principal.GroupIds, cmd.Scopes, now,
            now.AddDays(cmd.ExpiresInDays));
        db.AccessTokens.Add(token);
        db.Audit(caller, now, "token.created", "access-token", token.Id.ToString(),
            $"Access token '{token.Name}' made by {caller.Principal.DisplayName}, expires {token.ExpiresAt:yyyy-MM-dd}: {TokenChoices.Describe(token.Scopes, tenants.ToDictionary(t => t.Id, t => t.DisplayName))}");
        await db.SaveChangesAsync(ct);
        return new CreatedAccessToken(AccessTokenView.Of(token, tenants.ToDictionary(t => t.Id, t => t.DisplayName), now), secret);
    }
}
