using Portal.Domain.Common;

namespace Portal.Domain.Notifications;

public enum DeliveryStatus
{
    /// <summary>Waits for its (next) attempt.</summary>
    Pending,
    Delivered,
    /// <summary>Tried as often as allowed, or its channel is gone: not tried again.</summary>
    GaveUp,
    /// <summary>Not sent, and never will be (e-mail without an SMTP server).</summary>
    Skipped,
}

/// <summary>One event to one channel: at most one row per (event, channel), enforced by a unique index, so the same event
/// never reaches the same channel twice, across restarts and replicas. The row is the durable queue of its attempts
/// (lease, next-attempt time) and the channel's delivery log (the receiver's last status code and when).</summary>
public sealed class NotificationDelivery : Entity
{
    private NotificationDelivery() { Title = ""; }

    public NotificationDelivery(Guid? eventId, NotificationChannel channel, NotificationEventType type, string title, DateTimeOffset now)
    {
        EventId = eventId;
        ChannelId = channel.Id;
        TenantId = channel.TenantId;
        OwnerUserId = channel.OwnerUserId;
        EventType = type;
        Title = title.Length <= 300 ? title : title[..299] + "…";
        CreatedAt = NextAttemptAt = now;
    }

    /// <summary>Null for a "send test".</summary>
    public Guid? EventId { get; private set; }
    public Guid ChannelId { get; private set; }
    public Guid? TenantId { get; private set; }
    public string? OwnerUserId { get; private set; }
    public NotificationEventType EventType { get; private set; }
    public string Title { get; private set; }
    public DeliveryStatus Status { get; private set; } = DeliveryStatus.Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseExpiresAt { get; private set; }
    /// <summary>The receiver's HTTP status code of the last attempt (null: no answer, or e-mail).</summary>
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public bool IsTest => EventId is null;

    public void Claim(string owner, DateTimeOffset until)
    {
        if (Status != DeliveryStatus.Pending) throw new DomainException($"This delivery is {Status}; it is not sent again.");
        LeaseOwner = owner;
        LeaseExpiresAt = until;
        Version = Guid.NewGuid();
    }

    public void Delivered(int? statusCode, DateTimeOffset now)
    {
        Attempt(statusCode, null, now);
        Status = DeliveryStatus.Delivered;
        DeliveredAt = now;
    }

    /// <summary>A failed attempt: tried again at <paramref name="retryAt"/>, or never again when null.</summary>
    public void Failed(int? statusCode, string error, DateTimeOffset? retryAt, DateTimeOffset now)
    {
        Attempt(statusCode, error, now);
        if (retryAt is { } at) NextAttemptAt = at;
        else Status = DeliveryStatus.GaveUp;
    }

    public void Skip(string why, DateTimeOffset now)
    {
        Status = DeliveryStatus.Skipped;
        LastError = why;
        LastAttemptAt = now;
        Release();
    }

    private void Attempt(int? statusCode, string? error, DateTimeOffset now)
    {
        Attempts++;
        LastStatusCode = statusCode;
        LastError = error is null ? null : error.Length <= 1000 ? error : error[..999] + "…";
        LastAttemptAt = now;
        Release();
    }

    private void Release()
    {
        LeaseOwner = null;
        LeaseExpiresAt = null;
        Version = Guid.NewGuid();
    }
}
