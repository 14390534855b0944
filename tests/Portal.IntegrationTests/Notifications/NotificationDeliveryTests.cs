using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Notifications.Messages;
using Portal.Domain.Notifications;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Notifications;

/// <summary>Notifications end to end on PostgreSQL, to a real local HTTP receiver: the outbox written with the change,
/// the signature, retries after 500s, no duplicates across a restart and with two workers, a failing channel paused.</summary>
public class NotificationDeliveryTests
{
    [Fact]
    public async Task ApprovalNeeded_ToWebhook_IsSignedAndLinksToTheRequest()
    {
        await using var world = await NotificationWorld.CreateAsync();
        var requestId = await world.AskForBackupAsync();
        var worker = world.Worker("w1");

        await NotificationWorld.RunUntilAsync(worker, () => Task.FromResult(!world.Receiver.Received.IsEmpty), "the webhook to arrive");

        var (headers, body, _) = Assert.Single(world.Receiver.Received);
        Assert.True(WebhookSignature.Verify(NotificationWorld.Secret, headers[WebhookSignature.Header], body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("another-secret-of-16", headers[WebhookSignature.Header], body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.Equal("ApprovalNeeded", headers["X-Portal-Event"]);
        using var json = JsonDocument.Parse(body);
        Assert.Equal($"https://portal.example.test/requests/{requestId}", json.RootElement.GetProperty("url").GetString());
        Assert.Equal("Webshop", json.RootElement.GetProperty("tenant").GetString());
        Assert.DoesNotContain(NotificationWorld.Secret, body);
        var delivery = Assert.Single(await world.DeliveriesAsync());
        Assert.Equal((DeliveryStatus.Delivered, 200, 1), (delivery.Status, delivery.LastStatusCode, delivery.Attempts));
        Assert.Equal(delivery.Id.ToString(), headers["X-Portal-Delivery"]);
    }

    [Fact]
    public async Task ReceiverAnswers500_IsTriedAgainWithBackoff_ThenDelivered()
    {
        await using var world = await NotificationWorld.CreateAsync();
        world.Receiver.Answers.Enqueue(500);
        world.Receiver.Answers.Enqueue(503);
        await world.AskForBackupAsync();
        var worker = world.Worker("w1");

        await NotificationWorld.RunUntilAsync(worker, async () => (await world.DeliveriesAsync()).Any(d => d.Status == DeliveryStatus.Delivered),
            "the delivery to succeed");

        Assert.Equal([500, 503, 200], world.Receiver.Received.Select(r => r.Answer));
        Assert.Single(world.Receiver.Received.Select(r => r.Headers["X-Portal-Delivery"]).Distinct());
        var delivery = Assert.Single(await world.DeliveriesAsync());
        Assert.Equal((3, 200), (delivery.Attempts, delivery.LastStatusCode));
        Assert.Equal(0, (await world.ChannelAsync()).ConsecutiveFailures);
    }

    [Fact]
    public async Task TwoWorkers_AndOneKilledMidWork_SendEachEventOnceToTheChannel()
    {
        await using var world = await NotificationWorld.CreateAsync();
        for (var i = 0; i < 6; i++) await world.AskForBackupAsync($"shop-{i}");
        // A worker that dies holding claims: an event claimed but never fanned out, a delivery claimed but never sent.
        var dying = world.Worker("dying");
        var queue = world.Replica.Services.GetRequiredService<Portal.Application.Abstractions.INotificationQueue>();
        Assert.NotNull(await queue.ClaimEventAsync("dying", TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.True(await dying.RunOnceAsync(CancellationToken.None)); // fans out a second event fully
        Assert.NotNull(await queue.ClaimDeliveryAsync("dying", TimeSpan.FromSeconds(1), CancellationToken.None));

        await using var other = await world.AnotherReplicaAsync("replica-b");
        var a = world.Worker("a");
        var b = world.Worker("b", other);
        async Task<bool> AllSent() => (await world.DeliveriesAsync()) is { Count: 6 } all && all.All(d => d.Status == DeliveryStatus.Delivered);
        await Task.WhenAll(NotificationWorld.RunUntilAsync(a, AllSent, "six deliveries"), NotificationWorld.RunUntilAsync(b, AllSent, "six deliveries"));

        Assert.Equal(6, world.Receiver.Received.Count);
        Assert.Equal(6, world.Receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()).Distinct().Count());
        // The database itself refuses a second delivery of an event to a channel.
        await using var db = await world.Replica.OpenAllAsync();
        var first = await db.NotificationDeliveries.AsNoTracking().FirstAsync();
        var channel = await db.NotificationChannels.AsNoTracking().FirstAsync();
        db.NotificationDeliveries.Add(new NotificationDelivery(first.EventId, channel, first.EventType, "again", DateTimeOffset.UtcNow));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task ChannelFailingThreeTimesInARow_IsPaused_AndTheTenantsPlatformEngineersAreTold()
    {
        await using var world = await NotificationWorld.CreateAsync();
        for (var i = 0; i < 5; i++) world.Receiver.Answers.Enqueue(500);
        await world.AskForBackupAsync("shop-a");
        await world.AskForBackupAsync("shop-b");
        var worker = world.Worker("w1");

        await NotificationWorld.RunUntilAsync(worker, async () => (await world.ChannelAsync()).IsPaused, "the channel to be paused");
        for (var i = 0; i < 20; i++) await worker.RunOnceAsync(CancellationToken.None);

        var channel = await world.ChannelAsync();
        Assert.Contains("3 failed deliveries in a row", channel.PausedReason);
        Assert.Equal(3, world.Receiver.Received.Count); // nothing more is sent while paused
        await using var db = await world.Replica.OpenAllAsync();
        var paused = await db.NotificationEvents.AsNoTracking().SingleAsync(e => e.Type == NotificationEventType.ChannelPaused);
        Assert.Equal((world.TenantId, channel.Id), (paused.TenantId, paused.SubjectId));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "notification-channel.paused" && e.TargetId == channel.Id.ToString()));
        Assert.All(await db.NotificationDeliveries.AsNoTracking().ToListAsync(), d => Assert.Equal(DeliveryStatus.Pending, d.Status));
    }
}
