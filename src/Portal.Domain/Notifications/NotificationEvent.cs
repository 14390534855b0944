using Portal.Domain.Common;

namespace Portal.Domain.Notifications;

/// <summary>The outbox: one row per thing worth telling, written in the same save as the change that caused it, so a
/// restart never loses one. The notification worker fans it out to channels (<see cref="DispatchedAt"/>), one
/// <see cref="NotificationDelivery"/> per channel. Carries words and ids only: no secrets, no credentials.</summary>
public sealed class NotificationEvent : Entity
{
    private NotificationEvent() { Title = Detail = LinkPath = ""; }

    public NotificationEvent(NotificationEventType type, Guid? tenantId, Guid? clusterId, Guid? subjectId, string title, string detail,
        string linkPath, DateTimeOffset occurredAt)
    {
        Type = type;
        TenantId = tenantId == Guid.Empty ? null : tenantId;
        ClusterId = clusterId == Guid.Empty ? null : clusterId;
        SubjectId = subjectId;
        Title = Limit(title, 300);
        Detail = Limit(detail, 2000);
        LinkPath = linkPath;
        OccurredAt = occurredAt;
    }

    public NotificationEventType Type { get; private set; }
    /// <summary>The tenant it concerns; null for the platform's own (a cluster, a migration wave).</summary>
    public Guid? TenantId { get; private set; }
    public Guid? ClusterId { get; private set; }
    /// <summary>The request, drill, wave, cluster or channel it is about.</summary>
    public Guid? SubjectId { get; private set; }
    public string Title { get; private set; }
    public string Detail { get; private set; }
    /// <summary>The portal page it links to, relative ("/requests/{id}"); the absolute URL is made when sending.</summary>
    public string LinkPath { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset? DispatchedAt { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseExpiresAt { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public void Claim(string owner, DateTimeOffset until)
    {
        if (DispatchedAt is not null) throw new DomainException("This event was already handed to its channels.");
        LeaseOwner = owner;
        LeaseExpiresAt = until;
        Version = Guid.NewGuid();
    }

    public void MarkDispatched(DateTimeOffset now)
    {
        DispatchedAt = now;
        LeaseOwner = null;
        LeaseExpiresAt = null;
        Version = Guid.NewGuid();
    }

    private static string Limit(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
