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
        if (cmd.Types.Contains(NotificationEventType.Test)) return Field("types", "Test messages are sent with \"Send test\"; it is not chosen.");
        return null;
    }

    /// <summary>Why the address will not do, in words; null when it will. Webhook, Slack and Teams URLs are https, because
    /// the URL itself is the credential and the body may name tenants and namespaces; a loopback address (a receiver on
    /// the portal's own machine, a test) may be plain http. A Slack incoming webhook lives on hooks.slack.com (or
    /// hooks.slack-gov.com). Checked when saved and again when sent.</summary>
    public static string? TargetProblem(NotificationChannelKind kind, string target)
    {
        if (target.Length > 2000) return "That is too long (at most 2000 characters).";
        if (kind == NotificationChannelKind.Email)
            return MailAddress.TryCreate(target, out var a) && a.Address == target ? null : "Enter one e-mail address, like sre-team@example.com.";
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "Enter the full URL, starting with https://.";
        if (uri.UserInfo.Length > 0) return "Put no user name or password in the URL.";
        if (uri.IsLoopback) return null;
        if (uri.Scheme != Uri.UriSchemeHttps)
            return "Use an https:// URL: the address and the messages would cross the network unencrypted (plain http is accepted only for a receiver on this machine, like http://127.0.0.1).";
        if (kind == NotificationChannelKind.Slack && !(SlackHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase)
                && uri.AbsolutePath.StartsWith("/services/", StringComparison.Ordinal)))
            return "Enter the Slack incoming webhook URL Slack gave you, like https://hooks.slack.com/services/T…/B…/….";
        return null;
    }

    private static readonly string[] SlackHosts = ["hooks.slack.com", "hooks.slack-gov.com"];

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
