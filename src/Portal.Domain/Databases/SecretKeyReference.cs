using Portal.Domain.Common;

namespace Portal.Domain.Databases;

/// <summary>Where the database credentials live: a Kubernetes Secret in the database's namespace and the key holding
/// the password; the user is another key of that Secret (<see cref="UsernameKey"/>) or, when the Secret does not hold
/// it, the user itself (<see cref="Username"/>: a literal POSTGRES_USER, or the image's default user). The portal
/// never stores the password itself.</summary>
public sealed record SecretKeyReference
{
    public const int MaxUsernameLength = 63;

    public SecretKeyReference(string secretName, string? usernameKey, string passwordKey, string? username = null)
    {
        if (KubernetesName.ExplainInvalidSubdomain(secretName, "secret name") is { } why) throw new DomainException(why);
        SecretName = secretName;
        if (string.IsNullOrEmpty(usernameKey))
        {
            if (ExplainInvalidUsername(username) is { } bad) throw new DomainException(bad);
            Username = username;
        }
        else
        {
            UsernameKey = RequireKey(usernameKey);
        }
        PasswordKey = RequireKey(passwordKey);
    }

    public string SecretName { get; }
    /// <summary>The Secret's key that holds the user name; null when <see cref="Username"/> is given instead.</summary>
    public string? UsernameKey { get; }
    /// <summary>The user name itself, when the Secret does not hold it.</summary>
    public string? Username { get; }
    public string PasswordKey { get; }

    /// <summary>What is wrong with a user name typed as it is, in words; null when it can be used.</summary>
    public static string? ExplainInvalidUsername(string? username) =>
        string.IsNullOrEmpty(username) ? "Give the database user: a key of the Secret that holds it, or the user name itself."
        : username.Length > MaxUsernameLength ? $"The user name is longer than {MaxUsernameLength} characters."
        : username.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "The user name cannot contain spaces or control characters."
        : null;

    private static string RequireKey(string key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 253 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? key
            : throw new DomainException($"'{key}' is not a valid Secret key (letters, digits, '-', '_' and '.').");
}
