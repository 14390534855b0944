namespace Portal.Domain.Notifications;

/// <summary>Where a channel sends. Stored as strings.</summary>
public enum NotificationChannelKind
{
    /// <summary>A generic webhook: JSON, signed with HMAC-SHA256 (docs/notifications.md).</summary>
    Webhook,
    /// <summary>A Slack incoming webhook.</summary>
    Slack,
    /// <summary>A Microsoft Teams workflow webhook ("When a Teams webhook request is received"): an Adaptive Card.</summary>
    Teams,
    /// <summary>E-mail over the portal's SMTP server (only when one is configured).</summary>
    Email,
}

public static class NotificationChannelKinds
{
    public static string Display(this NotificationChannelKind kind) => kind switch
    {
        NotificationChannelKind.Webhook => "Webhook (signed JSON)",
        NotificationChannelKind.Slack => "Slack incoming webhook",
        NotificationChannelKind.Teams => "Microsoft Teams workflow",
        NotificationChannelKind.Email => "E-mail",
        _ => kind.ToString(),
    };
}
