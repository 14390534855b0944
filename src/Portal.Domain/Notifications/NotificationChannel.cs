using Portal.Domain.Common;

namespace Portal.Domain.Notifications;

/// <summary>Where notifications go: a tenant's channel (kept by its SREs and platform engineers) or a person's own
/// (<see cref="OwnerUserId"/>, no tenant). The address (a webhook URL or an e-mail address) and a webhook's signing
/// secret are stored encrypted and never shown again; <see cref="TargetHint"/> is what people see.</summary>
public sealed class NotificationChannel : Entity
{
    private NotificationChannel() { Name = EncryptedTarget = TargetHint = EventTypes = ""; }

    private NotificationChannel(Guid? tenantId, string? ownerUserId, string name, NotificationChannelKind kind, string encryptedTarget,
        string targetHint, string? encryptedSecret, IEnumerable<NotificationEventType> types, DateTimeOffset now)
    {
        TenantId = tenantId;
        OwnerUserId = ownerUserId;
        Name = name;
        Kind = kind;
        EncryptedTarget = encryptedTarget;
        TargetHint = targetHint;
        EncryptedSecret = encryptedSecret;
        EventTypes = NotificationEventTypes.Join(types);
        CreatedAt = UpdatedAt = now;
    }

    public static NotificationChannel ForTenant(Guid tenantId, string name, NotificationChannelKind kind, string encryptedTarget, string targetHint,
        string? encryptedSecret, IEnumerable<NotificationEventType> types, DateTimeOffset now) =>
        new(tenantId, null, name, kind, encryptedTarget, targetHint, encryptedSecret, types, now);

    /// <summary>A person's own channel. <paramref name="ownerGroupIds"/>: the groups they were in when they saved it (the
    /// portal learns group membership only at sign-in), to decide what they may see when an event is sent.</summary>
    public static NotificationChannel ForPerson(string ownerUserId, IEnumerable<string> ownerGroupIds, string name, NotificationChannelKind kind,
        string encryptedTarget, string targetHint, string? encryptedSecret, IEnumerable<NotificationEventType> types, DateTimeOffset now) =>
        new(null, ownerUserId, name, kind, encryptedTarget, targetHint, encryptedSecret, types, now) { OwnerGroupIds = string.Join(",", ownerGroupIds) };

    public Guid? TenantId { get; private set; }
    public string? OwnerUserId { get; private set; }
    public string OwnerGroupIds { get; private set; } = "";
    public string Name { get; private set; }
    public NotificationChannelKind Kind { get; private set; }
    public string EncryptedTarget { get; private set; }
    public string TargetHint { get; private set; }
    public string? EncryptedSecret { get; private set; }
    /// <summary>The event types it wants, comma-separated (<see cref="NotificationEventTypes.Parse"/>).</summary>
    public string EventTypes { get; private set; }
    public DateTimeOffset? PausedAt { get; private set; }
    public string? PausedReason { get; private set; }
    public int ConsecutiveFailures { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public bool IsPersonal => OwnerUserId is not null;
    public bool IsPaused => PausedAt is not null;
    public IReadOnlyList<NotificationEventType> Types => NotificationEventTypes.Parse(EventTypes);
    public IReadOnlyList<string> GroupIds => OwnerGroupIds.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool Wants(NotificationEventType type) => Types.Contains(type);

    /// <summary>Renames and re-chooses; the address and secret change only when given (null keeps the stored ones).</summary>
    public void Update(string name, IEnumerable<NotificationEventType> types, string? encryptedTarget, string? targetHint, string? encryptedSecret,
        DateTimeOffset now)
    {
        Name = name;
        EventTypes = NotificationEventTypes.Join(types);
        if (encryptedTarget is not null)
        {
            EncryptedTarget = encryptedTarget;
            TargetHint = targetHint ?? TargetHint;
        }
        if (encryptedSecret is not null) EncryptedSecret = encryptedSecret;
        Touch(now);
    }

    public void RecordSuccess(DateTimeOffset now)
    {
        if (ConsecutiveFailures == 0) return;
        ConsecutiveFailures = 0;
        Touch(now);
    }

    /// <summary>Counts a failed delivery; returns true when this failure pauses the channel (the
    /// <paramref name="pauseAfter"/>-th in a row).</summary>
    public bool RecordFailure(string why, int pauseAfter, DateTimeOffset now)
    {
        ConsecutiveFailures++;
        Touch(now);
        if (IsPaused || ConsecutiveFailures < pauseAfter) return false;
        PausedAt = now;
        PausedReason = $"Paused after {ConsecutiveFailures} failed deliveries in a row; the last: {why}";
        return true;
    }

    public void Resume(DateTimeOffset now)
    {
        if (!IsPaused) throw new DomainException("This channel is not paused.");
        PausedAt = null;
        PausedReason = null;
        ConsecutiveFailures = 0;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
