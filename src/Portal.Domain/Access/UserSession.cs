using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>One sign-in. Its id travels in the session cookie; the portal checks the row on every request
/// and on every event of an open circuit, so revoking it (sign-out, an administrator) ends the session
/// wherever its cookie or circuit lives.</summary>
public sealed class UserSession : Entity
{
    private UserSession() { SourceAddress = ""; }

    public UserSession(Guid userId, DateTimeOffset startedAt, string sourceAddress)
    {
        UserId = userId;
        StartedAt = startedAt;
        SourceAddress = sourceAddress.Length > 100 ? sourceAddress[..100] : sourceAddress;
    }

    public Guid UserId { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public string SourceAddress { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    /// <summary>"signed out", or who revoked it.</summary>
    public string? RevokedReason { get; private set; }

    /// <summary>However it is used, a session ends this long after its sign-in: a copied cookie that keeps being used
    /// (sliding expiry) does not live until someone revokes it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(12);

    public bool IsActive => RevokedAt is null;

    /// <summary>Open at <paramref name="now"/>: not revoked and younger than <see cref="MaxAge"/>. The one rule every
    /// session check (HTTP requests, open circuits, use cases) queries by.</summary>
    public static System.Linq.Expressions.Expression<Func<UserSession, bool>> OpenAt(DateTimeOffset now)
    {
        var startedAfter = now - MaxAge;
        return s => s.RevokedAt == null && s.StartedAt > startedAfter;
    }

    public void Revoke(DateTimeOffset at, string reason)
    {
        if (RevokedAt is not null) return;
        RevokedAt = at;
        RevokedReason = reason.Length > 200 ? reason[..200] : reason;
    }
}
