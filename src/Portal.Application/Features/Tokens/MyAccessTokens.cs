using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Tokens;

public sealed record ListMyAccessTokensQuery;

/// <summary>The caller's own tokens, newest first, with when each was last used.</summary>
public sealed class ListMyAccessTokens(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<AccessTokenView>>> HandleAsync(ListMyAccessTokensQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (caller.IsSystem || !Guid.TryParse(caller.Principal.UserId, out var me)) return caller.Refuse("Sign in to see your access tokens.");
        await using var db = await s.OpenAsync(caller, ct);
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.OwnerUserId == me).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
        var names = await TenantNames.ForAsync(db, tokens.SelectMany(t => t.Scopes).Select(x => x.TenantId), ct);
        return tokens.Select(t => AccessTokenView.Of(t, names, s.Now)).ToList();
    }
}

public sealed record ListTokenChoicesQuery;

/// <param name="MaxLifetimeDays">The tenant's longest token lifetime.</param>
public sealed record TokenTenantChoice(Guid TenantId, string TenantName, int MaxLifetimeDays, IReadOnlyList<TokenScopeView> Rights);

/// <summary>What the caller may put on a token: per tenant they hold a persona in, the API rights they hold there now.</summary>
public sealed class ListTokenChoices(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<TokenTenantChoice>>> HandleAsync(ListTokenChoicesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (caller.IsSystem || caller.Token is not null || !caller.Principal.IsAuthenticated) return caller.Refuse("Sign in to make an access token.");
        await using var db = await s.OpenAsync(caller, ct);
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.DisplayName).ToListAsync(ct);
        return tenants.Select(t => new TokenTenantChoice(t.Id, t.DisplayName, (int)t.MaxTokenLifetime.TotalDays,
                TokenChoices.ApiPermissions.Where(p => caller.Can(p, t.Id))
                    .Select(p => new TokenScopeView(p, TokenChoices.Describe(p), t.Id, t.DisplayName)).ToList()))
            .Where(c => c.Rights.Count > 0).ToList();
    }
}

public sealed record RevokeAccessTokenCommand(Guid TokenId);

/// <summary>The owner revokes a token: the next call with it is refused. Audited.</summary>
public sealed class RevokeAccessToken(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(RevokeAccessTokenCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (caller.IsSystem || !Guid.TryParse(caller.Principal.UserId, out var me)) return caller.Refuse("Sign in to revoke your access tokens.");
        await using var db = await s.OpenAsync(caller, ct);
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == cmd.TokenId && t.OwnerUserId == me, ct);
        if (token is null) return Error.NotFound("The access token");
        if (token.RevokedAt is not null) return Unit.Value;
        token.Revoke(s.Now, caller.Principal.DisplayName);
        db.Audit(caller, s.Now, "token.revoked", "access-token", token.Id.ToString(), $"Access token '{token.Name}' of {token.OwnerName} revoked");
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

public sealed record SetTokenLifetimeLimitCommand(Guid TenantId, int? Days);

/// <summary>Whoever keeps the tenant (ManageTenants over it: its platform engineers) sets how long its tokens may live at most,
/// 1 to 365 days (null: the default of 90 days); anything else is refused in words, never clamped. Tokens made from then on are held to
/// it (<see cref="CreateAccessToken"/>); tokens already made keep their expiry. Audited.</summary>
public sealed class SetTokenLifetimeLimit(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(SetTokenLifetimeLimitCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == cmd.TenantId, ct);
        if (tenant is null || !caller.Can(Permission.ViewTenant, tenant.Id)) return Error.NotFound("The tenant");
        if (!caller.Can(Permission.ManageTenants, tenant.Id)) return caller.Refuse("Only platform engineers can limit how long tokens live.");
        if (cmd.Days is < 1 or > Tenant.MaxTokenLifetimeLimitDays)
            return Error.Validation($"Choose between 1 and {Tenant.MaxTokenLifetimeLimitDays} days for the longest a token may live (you entered {cmd.Days}).")
                with { Field = "days" };
        var before = (int)tenant.MaxTokenLifetime.TotalDays;
        tenant.LimitTokenLifetime(cmd.Days);
        db.Audit(caller, s.Now, "tenant.token-lifetime", "tenant", tenant.Id.ToString(),
            $"Access tokens of {tenant.DisplayName} live at most {(int)tenant.MaxTokenLifetime.TotalDays} days (was {before})", tenant.Id);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
