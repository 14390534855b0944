using Portal.Domain.Notifications;

namespace Portal.Application.Features.Notifications.Messages;

/// <summary>What every kind of channel says about one event: words, the portal's link and ids; never a secret.</summary>
/// <param name="DeliveryId">Sent as <c>X-Portal-Delivery</c>: the same on every retry of the delivery, so a receiver can
/// drop a repeat.</param>
public sealed record NotificationMessage(Guid DeliveryId, Guid? EventId, NotificationEventType Type, string Title, string Detail, string Link,
    DateTimeOffset OccurredAt, string? Tenant)
{
    public bool IsTest => EventId is null;

    public static NotificationMessage Test(Guid deliveryId, string channelName, string link, DateTimeOffset now) =>
        new(deliveryId, null, NotificationEventType.Test, $"Test message for {channelName}",
            "If you can read this, the portal can reach this channel.", link, now, null);
}
