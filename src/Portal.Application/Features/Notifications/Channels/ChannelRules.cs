using System.Net.Mail;
using Portal.Application.Common;
using Portal.Domain.Notifications;

namespace Portal.Application.Features.Notifications.Channels;

/// <summary>What a channel must be, with each message next to its field (name, target, secret, types). Input is never
/// changed to fit: it is refused in words.</summary>
public static class ChannelRules
{
    public const int MinSecretLength = 16;

    public static Error? Validate(SaveNotificationChannelCommand cmd, bool isNew, bool emailConfigured)
    {
        if (string.IsNullOrWhiteSpace(cmd.Name)) return Field("name", "Give the channel a name.");
        if (cmd.Name.Length > 100) return Field("name", "The name is at most 100 characters.");
        if (cmd.Kind == NotificationChannelKind.Email && !emailConfigured)
            return Field("kind", "E-mail is not available: this portal has no SMTP server configured (Notifications:Smtp:Host).");
        if (isNew && string.IsNullOrWhiteSpace(cmd.Target))
            return Field("target", cmd.Kind == NotificationChannelKind.Email ? "Enter the e-mail address." : "Enter the webhook URL.");
        if (!string.IsNullOrEmpty(cmd.Target) && TargetProblem(cmd.Kind, cmd.Target) is { } problem) return Field("target", problem);
        if (cmd.Kind == NotificationChannelKind.Webhook)
        {
            if (isNew && string.IsNullOrEmpty(cmd.Secret)) return Field("secret", $"Enter a signing secret of at least {MinSecretLength} characters; the receiver checks signatures with it.");
            if (!string.IsNullOrEmpty(cmd.Secret) && cmd.Secret.Length < MinSecretLength)
                return Field("secret", $"The signing secret must be at least {MinSecretLength} characters.");
        }
        else if (!string.IsNullOrEmpty(cmd.Secret)) return Field("secret", "Only a generic webhook is signed with a secret.");
        if (cmd.Types.Count == 0) return Field("types", "Choose at least one event to send.");
        if (cmd.Types.Contains(NotificationEventType.ChannelPaused)) return Field("types", "Paused channels are told to the platform engineers; it is not chosen.");
        return null;
    }

    public static string? TargetProblem(NotificationChannelKind kind, string target)
    {
        if (target.Length > 2000) return "That is too long (at most 2000 characters).";
        if (kind == NotificationChannelKind.Email)
            return MailAddress.TryCreate(target, out var a) && a.Address == target ? null : "Enter one e-mail address, like sre-team@example.com.";
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "Enter the full URL, starting with https://.";
        if (uri.UserInfo.Length > 0) return "Put no user name or password in the URL.";
        return null;
    }

    /// <summary>What people see instead of the address: enough to recognize it, not enough to use it.</summary>
    public static string Mask(NotificationChannelKind kind, string target)
    {
        if (kind == NotificationChannelKind.Email)
        {
            var at = target.IndexOf('@');
            return at <= 0 ? "…" : target[0] + "…" + target[at..];
        }
        var uri = new Uri(target);
        var tail = uri.PathAndQuery.Length > 4 ? uri.PathAndQuery[^4..] : "";
        return $"{uri.Scheme}://{uri.Host}/…{tail}";
    }

    private static Error Field(string field, string message) => Error.Validation(message) with { Field = field };
}
