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
    /// <summary>A "send test" message: only in a channel's delivery log, never chosen, never raised.</summary>
    Test,
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
        NotificationEventType.Test => "Test message",
        _ => type.ToString(),
    };

    /// <summary>The types a person or a channel can choose (a paused channel is always told to the platform engineers; a test
    /// is sent on demand).</summary>
    public static IReadOnlyList<NotificationEventType> Choosable { get; } =
        Enum.GetValues<NotificationEventType>().Where(t => t is not (NotificationEventType.ChannelPaused or NotificationEventType.Test)).ToList();

    public static string Join(IEnumerable<NotificationEventType> types) => string.Join(",", types.Distinct().Order());

    public static IReadOnlyList<NotificationEventType> Parse(string? stored) =>
        (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Enum.TryParse<NotificationEventType>(s, out var t) ? (NotificationEventType?)t : null)
            .Where(t => t is not null).Select(t => t!.Value).Distinct().ToList();
}
