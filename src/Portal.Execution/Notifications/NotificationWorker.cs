using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Features.Notifications;

namespace Portal.Execution.Notifications;

/// <summary>Hands outbox events to their channels and sends due deliveries, one claimed row at a time. Every replica runs
/// it; the claims keep them from doing the same row twice, and a lease lost with a stopped replica expires and is taken over.
/// A failing row never ends the loop.</summary>
public sealed class NotificationWorker(INotificationQueue queue, NotificationDispatcher dispatcher, IOptions<NotificationOptions> options,
    IOptions<ExecutionOptions> execution, ILogger<NotificationWorker> log) : BackgroundService
{
    /// <summary>Who holds the claims; a test gives each worker its own.</summary>
    public string Owner { get; init; } = execution.Value.WorkerId + "/notifications";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            log.LogInformation("Notification worker disabled by configuration (Notifications:Enabled=false)");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken)) continue;
                await Task.Delay(o.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Notification worker: a step failed; trying again shortly");
                await Task.Delay(o.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One step: fan out one event, or else send one delivery. False when there was nothing to do.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        var lease = options.Value.Lease;
        if (await queue.ClaimEventAsync(Owner, lease, ct) is { } eventId)
        {
            await dispatcher.DispatchAsync(eventId, Owner, ct);
            return true;
        }
        if (await queue.ClaimDeliveryAsync(Owner, lease, ct) is { } deliveryId)
        {
            var outcome = await dispatcher.SendAsync(deliveryId, Owner, ct);
            if (outcome is { Delivered: false, Skipped: false })
                log.LogInformation("Notification delivery {DeliveryId} not delivered: {Outcome}", deliveryId, outcome.Words);
            else if (outcome is { Skipped: true })
                log.LogInformation("Notification delivery {DeliveryId} skipped: {Why}", deliveryId, outcome.Words);
            return true;
        }
        return false;
    }
}
