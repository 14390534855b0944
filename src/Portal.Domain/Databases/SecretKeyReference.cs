using Portal.Domain.Common;

namespace Portal.Domain.Databases;

/// <summary>Where the database credentials live: a Kubernetes Secret in the database's namespace and the
/// keys holding the user name and password. The portal never stores the password itself.</summary>
public sealed record SecretKeyReference
{
    public SecretKeyReference(string secretName, string usernameKey, string passwordKey)
    {
        if (KubernetesName.ExplainInvalidSubdomain(secretName, "secret name") is { } why) throw new DomainException(why);
        SecretName = secretName;
        UsernameKey = RequireKey(usernameKey);
        PasswordKey = RequireKey(passwordKey);
    }

    public string SecretName { get; }
    public string UsernameKey { get; }
    public string PasswordKey { get; }

    private static string RequireKey(string key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 253 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? key
            : throw new DomainException($"'{key}' is not a valid Secret key (letters, digits, '-', '_' and '.').");
}
