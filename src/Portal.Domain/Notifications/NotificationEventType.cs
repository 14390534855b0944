namespace Portal.Domain.Notifications;

/// <summary>What a notification is about. Stored as strings; a channel lists the types it wants.</summary>
public enum NotificationEventType
{
    /// <summary>A request waits for someone who may approve it (never sent to a person for their own request).</summary>
    ApprovalNeeded,
    RequestSucceeded,
    /// <summary>Failed or partially failed.</summary>
    RequestFailed,
    /// <summary>Given back to the queue because its cluster could not be reached; it will try again.</summary>
    RequestPaused,
    /// <summary>A namespace's protection turned At risk or Unprotected.</summary>
    ProtectionAtRisk,
    DrillFailed,
    DrillExceededRto,
    WaveStarted,
    WaveFinished,
    /// <summary>An application of a migration wave waits for its owner's acknowledgement.</summary>
    WaveNeedsAcknowledgement,
    ClusterUnreachable,
    /// <summary>A channel failed too often in a row and was paused (to the tenant's platform engineers).</summary>
    ChannelPaused,
}

public static class NotificationEventTypes
{
    public static string Display(this NotificationEventType type) => type switch
    {
        NotificationEventType.ApprovalNeeded => "Approval needed",
        NotificationEventType.RequestSucceeded => "Request succeeded",
        NotificationEventType.RequestFailed => "Request failed",
        NotificationEventType.RequestPaused => "Request paused (cluster unreachable)",
        NotificationEventType.ProtectionAtRisk => "Namespace At risk or Unprotected",
        NotificationEventType.DrillFailed => "Restore drill failed",
        NotificationEventType.DrillExceededRto => "Restore drill exceeded its RTO",
        NotificationEventType.WaveStarted => "Migration wave started",
        NotificationEventType.WaveFinished => "Migration wave finished",
        NotificationEventType.WaveNeedsAcknowledgement => "Migration needs acknowledgement",
        NotificationEventType.ClusterUnreachable => "Cluster unreachable",
        NotificationEventType.ChannelPaused => "Notification channel paused",
        _ => type.ToString(),
    };

    /// <summary>The types a person or a channel can choose (a paused channel is always told to the platform engineers).</summary>
    public static IReadOnlyList<NotificationEventType> Choosable { get; } =
        Enum.GetValues<NotificationEventType>().Where(t => t != NotificationEventType.ChannelPaused).ToList();

    public static string Join(IEnumerable<NotificationEventType> types) => string.Join(",", types.Distinct().Order());

    public static IReadOnlyList<NotificationEventType> Parse(string? stored) =>
        (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Enum.TryParse<NotificationEventType>(s, out var t) ? (NotificationEventType?)t : null)
            .Where(t => t is not null).Select(t => t!.Value).Distinct().ToList();
}
