using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Domain.Access;
using Portal.Domain.Notifications;

namespace Portal.IntegrationTests.Notifications;

/// <summary>A person's own channel is asked again when a delivery is sent: access removed after the event was fanned out
/// means not sent, logged as skipped with why. The tenant's channel is sent as before.</summary>
public class PersonalChannelRecheckTests
{
    [Fact]
    public async Task PersonaRemovedAfterTheEvent_IsNotSentToTheirOwnChannel_AndTheLogSaysWhy()
    {
        await using var world = await NotificationWorld.CreateAsync();
        var protector = world.Replica.Services.GetRequiredService<ICredentialProtector>();
        Guid personal;
        await using (var db = await world.Replica.OpenAllAsync())
        {
            // An approver of the tenant, whichever persona approves its backups.
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, "sam", Persona.SreEngineer, ScopeKind.Tenant, world.TenantId));
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, "sam", Persona.PlatformEngineer, ScopeKind.Tenant, world.TenantId));
            var channel = NotificationChannel.ForPerson("sam", [], "sam's hook", NotificationChannelKind.Webhook, protector.Protect(world.Receiver.Url),
                "http://127.0.0.1/…ook/", protector.Protect(NotificationWorld.Secret), [NotificationEventType.ApprovalNeeded], DateTimeOffset.UtcNow);
            db.NotificationChannels.Add(channel);
            await db.SaveChangesAsync();
            personal = channel.Id;
        }
        await world.AskForBackupAsync();
        var worker = world.Worker("w1");
        Assert.True(await worker.RunOnceAsync(CancellationToken.None)); // the event fanned out: one delivery per channel
        Assert.Equal(2, (await world.DeliveriesAsync()).Count);

        await using (var db = await world.Replica.OpenAllAsync())
        {
            db.ScopeBindings.RemoveRange(await db.ScopeBindings.Where(b => b.PrincipalId == "sam").ToListAsync());
            await db.SaveChangesAsync();
        }
        await NotificationWorld.RunUntilAsync(worker, async () => (await world.DeliveriesAsync()).All(d => d.Status != DeliveryStatus.Pending),
            "both deliveries settled");

        var deliveries = await world.DeliveriesAsync();
        var skipped = Assert.Single(deliveries, d => d.ChannelId == personal);
        Assert.Equal(DeliveryStatus.Skipped, skipped.Status);
        Assert.Contains("may no longer see", skipped.LastError);
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(deliveries, d => d.ChannelId == world.ChannelId).Status);
        Assert.Single(world.Receiver.Received); // only the tenant's channel was sent to
    }
}
