using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Notifications.Messages;
using Portal.Domain.Notifications;

namespace Portal.Application.Features.Notifications.Channels;

public sealed record SendTestNotificationCommand(Guid ChannelId);

/// <summary>"Send test": one message to the channel now, and the receiver's answer back (also in the delivery log).
/// A test's failure does not count towards pausing the channel.</summary>
public sealed class SendTestNotification(UseCaseServices s, ICredentialProtector protector, INotificationTransport transport,
    IOptions<NotificationOptions> options) : IUseCase
{
    public async Task<Result<SendOutcome>> HandleAsync(SendTestNotificationCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var channel = await ChannelAccess.FindAsync(db, caller, cmd.ChannelId, ct);
        if (channel is null) return Error.NotFound("The channel");
        var delivery = new NotificationDelivery(null, channel, NotificationEventType.Test, $"Test message for {channel.Name}", s.Now);
        var link = options.Value.LinkTo(channel.TenantId is { } t ? $"/tenants/{t}#notifications" : "/account/notifications");
        var message = NotificationMessage.Test(delivery.Id, channel.Name, link, s.Now);
        var outcome = await transport.SendAsync(channel.Kind, protector.Unprotect(channel.EncryptedTarget),
            channel.EncryptedSecret is null ? null : protector.Unprotect(channel.EncryptedSecret), message, ct);
        if (outcome.Delivered) delivery.Delivered(outcome.StatusCode, s.Now);
        else if (outcome.Skipped) delivery.Skip(outcome.Words, s.Now);
        else delivery.Failed(outcome.StatusCode, outcome.Error ?? "Not delivered", null, s.Now);
        db.NotificationDeliveries.Add(delivery);
        db.Audit(caller, s.Now, "notification-channel.tested", "notification-channel", channel.Id.ToString(), $"\"{channel.Name}\": {outcome.Words}",
            channel.TenantId);
        await db.SaveChangesAsync(ct);
        return outcome;
    }
}
