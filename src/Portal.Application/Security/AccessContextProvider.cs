using Portal.Application.Abstractions;

namespace Portal.Application.Security;

/// <summary>Resolves the caller's grants from the scope bindings of the user and of their Entra groups, and checks
/// the caller's sign-in session. Nothing is cached: every unit of work reads both again, so a revoked session or a
/// removed persona takes effect on the next action of an open circuit.</summary>
internal sealed class AccessContextProvider(ICurrentPrincipalProvider principals, PrincipalOverride principalOverride, IPortalDbContextFactory factory,
    SecurityEvents events, TimeProvider time) : IAccessContextProvider
{
    public async Task<AccessContext> GetAsync(CancellationToken ct = default)
    {
        var principal = principalOverride.Principal ?? await principals.GetAsync(ct);
        if (principal.IsSystem) return principal == CurrentPrincipal.System ? AccessContext.System : new AccessContext(principal, []);
        if (!principal.IsAuthenticated) return new AccessContext(principal, [], (useCase, why) => events.Refused(principal, useCase, why));

        // Bindings and sessions are not tenant-owned, so the narrowest scope is enough to read them.
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        if (principal.SessionId is { } sessionId && !await Features.Access.SessionCheck.IsActiveAsync(db, sessionId, time.GetUtcNow(), ct))
            return new AccessContext(CurrentPrincipal.Anonymous with { SourceAddress = principal.SourceAddress }, [],
                (useCase, why) => events.Refused(principal, useCase, why), sessionEnded: true);
        if (principal.TokenId is { } tokenId) return await Features.Tokens.TokenAccess.ContextAsync(db, principal, tokenId, time.GetUtcNow(), events, ct);
        var grants = await PersonGrants.OfAsync(db, principal.UserId, principal.GroupIds, ct);
        return new AccessContext(principal, grants, (useCase, why) => events.Refused(principal, useCase, why));
    }
}
