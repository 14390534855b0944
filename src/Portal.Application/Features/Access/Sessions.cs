using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Auditing;

namespace Portal.Application.Features.Access;

public sealed record StartSessionCommand(Guid UserId, string DisplayName, string SourceAddress, string Method);

/// <summary>Opens the server-side session of a sign-in that just succeeded; its id goes into the session cookie.</summary>
public sealed class StartSession(IPortalDbContextFactory factory, TimeProvider time) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(StartSessionCommand cmd, CancellationToken ct = default)
    {
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        var session = new UserSession(cmd.UserId, time.GetUtcNow(), cmd.SourceAddress);
        db.UserSessions.Add(session);
        db.AuditEvents.Add(new AuditEvent(time.GetUtcNow(), cmd.DisplayName, "user.signed-in", "session", session.Id.ToString(),
            $"{cmd.DisplayName} signed in ({cmd.Method}) from {cmd.SourceAddress}", null, cmd.UserId.ToString(), cmd.SourceAddress));
        await db.SaveChangesAsync(ct);
        return session.Id;
    }
}

public sealed record EndSessionCommand(Guid SessionId, string DisplayName, string SourceAddress);

/// <summary>Sign-out: the session is revoked on the server, so a copied cookie or an open tab of it is refused from now on.</summary>
public sealed class EndSession(IPortalDbContextFactory factory, TimeProvider time) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(EndSessionCommand cmd, CancellationToken ct = default)
    {
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == cmd.SessionId, ct);
        if (session is null || !session.IsActive) return Unit.Value;
        session.Revoke(time.GetUtcNow(), "signed out");
        db.AuditEvents.Add(new AuditEvent(time.GetUtcNow(), cmd.DisplayName, "user.signed-out", "session", session.Id.ToString(),
            $"{cmd.DisplayName} signed out", null, session.UserId.ToString(), cmd.SourceAddress));
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

public sealed record RevokeUserSessionsCommand(Guid UserId);

/// <summary>A platform engineer ends every open session of a user (a lost laptop, a person leaving): their cookies and
/// open tabs are refused from the next request or circuit event on. Audited.</summary>
public sealed class RevokeUserSessions(UseCaseServices s) : IUseCase
{
    public async Task<Result<int>> HandleAsync(RevokeUserSessionsCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse("Only platform engineers can end other people's sessions.");
        await using var db = await s.OpenAsync(caller, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == cmd.UserId, ct);
        if (user is null) return Error.NotFound("The user");
        var open = await db.UserSessions.Where(x => x.UserId == cmd.UserId && x.RevokedAt == null).ToListAsync(ct);
        foreach (var session in open) session.Revoke(s.Now, $"revoked by {caller.Principal.DisplayName}");
        db.Audit(caller, s.Now, "user.sessions-revoked", "user", user.Id.ToString(),
            $"Ended {open.Count} open session(s) of {user.DisplayName} ({user.Email})");
        await db.SaveChangesAsync(ct);
        return open.Count;
    }
}

/// <summary>Is a session still open? Asked on every HTTP request (the session cookie) and by open circuits.</summary>
public sealed class SessionCheck(IPortalDbContextFactory factory, TimeProvider time)
{
    public async Task<bool> IsActiveAsync(Guid sessionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        return await IsActiveAsync(db, sessionId, time.GetUtcNow(), ct);
    }

    /// <summary>The same check inside a unit of work that already has a database context.</summary>
    public static Task<bool> IsActiveAsync(IPortalDbContext db, Guid sessionId, DateTimeOffset now, CancellationToken ct) =>
        db.UserSessions.Where(s => s.Id == sessionId).Where(UserSession.OpenAt(now)).AnyAsync(ct);
}
