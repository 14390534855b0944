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

    public bool IsActive => RevokedAt is null;

    public void Revoke(DateTimeOffset at, string reason)
    {
        if (RevokedAt is not null) return;
        RevokedAt = at;
        RevokedReason = reason.Length > 200 ? reason[..200] : reason;
    }
}
