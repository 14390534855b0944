using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Common;

namespace Portal.Domain.Access;

/// <summary>One right a personal access token carries: a permission in one tenant ("ask for backups in tenant Webshop").</summary>
public sealed record TokenScope(Permission Permission, Guid TenantId);

/// <summary>A personal access token: a named, expiring, revocable subset of its owner's rights for the API. Only the SHA-256
/// of its secret is stored; the secret is shown once, when it is made. What it may do is always its scopes intersected with
/// what its owner holds at the time of the call (the access context reads the owner's bindings on every request).</summary>
public sealed class AccessToken : Entity
{
    /// <summary>Every secret starts with this, so secret scanners and people recognise one.</summary>
    public const string Prefix = "ptl_";
    public const int MaxNameLength = 100;
    /// <summary>When a tenant sets nothing: the longest a token may live.</summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromDays(90);

    private AccessToken() { Name = OwnerName = SecretHash = Hint = ""; Scopes = []; OwnerGroupIds = []; }

    private AccessToken(string name, Guid ownerUserId, string ownerName, IReadOnlyList<string> ownerGroupIds, IReadOnlyList<TokenScope> scopes,
        DateTimeOffset createdAt, DateTimeOffset expiresAt, string secretHash, string hint)
    {
        Name = name;
        OwnerUserId = ownerUserId;
        OwnerName = ownerName;
        OwnerGroupIds = ownerGroupIds.ToList();
        Scopes = scopes.Distinct().ToList();
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        SecretHash = secretHash;
        Hint = hint;
    }

    public string Name { get; private set; }
    public Guid OwnerUserId { get; private set; }
    public string OwnerName { get; private set; }
    /// <summary>The owner's Entra groups when the token was made (the portal learns them only at sign-in): bindings of
    /// these groups count for the token as long as they exist.</summary>
    public List<string> OwnerGroupIds { get; private set; }
    public List<TokenScope> Scopes { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public string? RevokedBy { get; private set; }
    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public string SecretHash { get; private set; }
    /// <summary>The prefix and first characters of the secret, to recognise it in a list ("ptl_Ab3d…").</summary>
    public string Hint { get; private set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    /// <summary>Makes a token and its secret (returned once, never stored).</summary>
    public static (AccessToken Token, string Secret) Create(string name, Guid ownerUserId, string ownerName, IReadOnlyList<string> ownerGroupIds,
        IReadOnlyList<TokenScope> scopes, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("Give the token a name, so you know later what uses it.");
        if (name.Trim().Length > MaxNameLength) throw new DomainException($"Keep the name under {MaxNameLength} characters.");
        if (scopes.Count == 0) throw new DomainException("Choose at least one right for the token.");
        if (expiresAt <= now) throw new DomainException("The token must expire in the future.");
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (new AccessToken(name.Trim(), ownerUserId, ownerName, ownerGroupIds, scopes, now, expiresAt, Hash(secret), secret[..(Prefix.Length + 4)] + "…"), secret);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares a presented secret with the stored hash in constant time.</summary>
    public bool Matches(string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(SecretHash));

    /// <summary>Looks like a token at all (cheap check before any database read).</summary>
    public static bool LooksLikeSecret(string? value) =>
        value is { Length: > 20 and < 200 } && value.StartsWith(Prefix, StringComparison.Ordinal);

    public void Used(DateTimeOffset at) => LastUsedAt = at;

    public void Revoke(DateTimeOffset at, string by)
    {
        if (RevokedAt is not null) return;
        RevokedAt = at;
        RevokedBy = by.Length > 200 ? by[..200] : by;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
