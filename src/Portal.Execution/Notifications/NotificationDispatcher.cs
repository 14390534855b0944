using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Notifications;
using Portal.Application.Features.Notifications.Channels;
using Portal.Application.Features.Notifications.Delivery;
using Portal.Application.Features.Notifications.Messages;
using Portal.Application.Resilience;
using Portal.Application.Security;
using Portal.Domain.Notifications;
using Portal.Execution.Resilience;

namespace Portal.Execution.Notifications;

/// <summary>The two steps of a notification, each on a row claimed from <see cref="INotificationQueue"/>: an event is
/// fanned out to its channels (one delivery row per channel, in one save with marking it dispatched; the unique index on
/// (event, channel) refuses a second), then each delivery is sent and its outcome recorded: delivered, tried again later
/// (<see cref="RetryRules.NotificationDelivery"/>), or given up; a channel failing too often in a row is paused, which the
/// persistence layer tells the tenant's platform engineers. A delivery to a person's own channel is checked again when sent
/// (may they still see it?), and every channel's address against today's rules: when not, it is skipped, with why, in the log.</summary>
public sealed class NotificationDispatcher(IPortalDbContextFactory factory, INotificationTransport transport, ICredentialProtector protector,
    IOptions<NotificationOptions> options, TimeProvider time, ResiliencePipelineProvider<string> pipelines)
{
    private NotificationOptions O => options.Value;

    /// <summary>Fans the claimed event out. Returns the number of deliveries made.</summary>
    public async Task<int> DispatchAsync(Guid eventId, string owner, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        var e = await db.NotificationEvents.FirstAsync(x => x.Id == eventId, ct);
        if (e.DispatchedAt is not null || e.LeaseOwner != owner) return 0;
        var channels = await NotificationAudience.ChannelsForAsync(db, e, ct);
        var already = await db.NotificationDeliveries.Where(d => d.EventId == e.Id).Select(d => d.ChannelId).ToListAsync(ct);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var channel in channels.Where(c => !already.Contains(c.Id)))
        {
            db.NotificationDeliveries.Add(new NotificationDelivery(e.Id, channel, e.Type, e.Title, now));
            added++;
        }
        e.MarkDispatched(now);
        await db.SaveChangesAsync(ct); // the event's token: a worker that lost its lease saves nothing
        return added;
    }

    /// <summary>Sends the claimed delivery once and records the answer.</summary>
    public async Task<SendOutcome?> SendAsync(Guid deliveryId, string owner, CancellationToken ct)
    {
        NotificationMessage message;
        NotificationChannel? channel;
        string? notNow = null;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            var d = await db.NotificationDeliveries.AsNoTracking().FirstAsync(x => x.Id == deliveryId, ct);
            if (d.Status != DeliveryStatus.Pending || d.LeaseOwner != owner) return null;
            channel = await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == d.ChannelId, ct);
            var e = d.EventId is { } eventId ? await db.NotificationEvents.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct) : null;
            var tenant = e?.TenantId is { } t ? await db.Tenants.AsNoTracking().Where(x => x.Id == t).Select(x => x.DisplayName).FirstOrDefaultAsync(ct) : null;
            message = e is null
                ? NotificationMessage.Test(d.Id, channel?.Name ?? "", O.LinkTo("/"), time.GetUtcNow())
                : new NotificationMessage(d.Id, e.Id, e.Type, e.Title, e.Detail, O.LinkTo(e.LinkPath), e.OccurredAt, tenant);
            // Checked again when sending: a person's access may have changed since the event was fanned out.
            if (channel is not null && e is not null) notNow = await NotificationAudience.WhyNotNowAsync(db, channel, e, ct);
        }
        var target = channel is null ? null : protector.Unprotect(channel.EncryptedTarget);
        // The address rules of today (https, Slack's hosts) hold for channels saved before them too.
        if (notNow is null && channel is not null && ChannelRules.TargetProblem(channel.Kind, target!) is { } refused)
            notNow = $"Not sent: the channel's address is no longer accepted. {refused}";
        var outcome = channel is null
            ? new SendOutcome(false, null, "The channel was deleted.", false)
            : notNow is not null
                ? new SendOutcome(false, null, notNow, false, Skipped: true)
                : await transport.SendAsync(channel.Kind, target!, channel.EncryptedSecret is null ? null : protector.Unprotect(channel.EncryptedSecret),
                    message, ct);
        await pipelines.GetPipeline(RetryPipelines.WriteConflict).ExecuteAsync(async token => await RecordAsync(deliveryId, owner, outcome, token), ct);
        return outcome;
    }

    private async Task RecordAsync(Guid deliveryId, string owner, SendOutcome outcome, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        var d = await db.NotificationDeliveries.FirstAsync(x => x.Id == deliveryId, ct);
        if (d.LeaseOwner != owner) return; // taken over meanwhile: the other worker records its own attempt
        var channel = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == d.ChannelId, ct);
        var now = time.GetUtcNow();
        if (outcome.Delivered)
        {
            d.Delivered(outcome.StatusCode, now);
            channel?.RecordSuccess(now);
        }
        else if (outcome.Skipped) d.Skip(outcome.Words, now);
        else
        {
            var retry = outcome.Retryable && channel is not null && d.Attempts + 1 < O.MaxAttempts
                ? now + RetryRules.NotificationDelivery(O.RetryBaseDelay).Delay(d.Attempts) : (DateTimeOffset?)null;
            d.Failed(outcome.StatusCode, outcome.Error ?? "Not delivered", retry, now);
            if (channel is not null && channel.RecordFailure(outcome.Words, Math.Max(1, O.PauseAfterFailures), now))
                db.Audit("notifications", now, "notification-channel.paused", "notification-channel", channel.Id.ToString(),
                    $"\"{channel.Name}\": {channel.PausedReason}", channel.TenantId);
        }
        await db.SaveChangesAsync(ct);
    }
}
