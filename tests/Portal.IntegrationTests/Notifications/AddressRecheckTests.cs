using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Domain.Notifications;

namespace Portal.IntegrationTests.Notifications;

/// <summary>The address rules are checked again when a delivery is sent: a channel saved before them with a plain-http
/// address to another machine is not sent to, and its log says why; the loopback receiver still is.</summary>
public class AddressRecheckTests
{
    [Fact]
    public async Task PlainHttpAddressSavedBeforeTheRule_IsSkippedWithWhy()
    {
        await using var world = await NotificationWorld.CreateAsync();
        var protector = world.Replica.Services.GetRequiredService<ICredentialProtector>();
        Guid old;
        await using (var db = await world.Replica.OpenAllAsync())
        {
            var channel = NotificationChannel.ForTenant(world.TenantId, "old-hook", NotificationChannelKind.Webhook, protector.Protect("http://hooks.example/portal"),
                "http://hooks.example/…rtal", protector.Protect(NotificationWorld.Secret), [NotificationEventType.ApprovalNeeded], DateTimeOffset.UtcNow);
            db.NotificationChannels.Add(channel);
            await db.SaveChangesAsync();
            old = channel.Id;
        }
        await world.AskForBackupAsync();

        await NotificationWorld.RunUntilAsync(world.Worker("w1"), async () =>
        {
            var deliveries = await world.DeliveriesAsync();
            return deliveries.Count == 2 && deliveries.All(d => d.Status != DeliveryStatus.Pending);
        }, "both deliveries settled");

        var deliveries = await world.DeliveriesAsync();
        var skipped = Assert.Single(deliveries, d => d.ChannelId == old);
        Assert.Equal((DeliveryStatus.Skipped, 0), (skipped.Status, skipped.Attempts));
        Assert.Contains("Use an https:// URL", skipped.LastError);
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(deliveries, d => d.ChannelId == world.ChannelId).Status);
        Assert.Single(world.Receiver.Received);
    }
}
