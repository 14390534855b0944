using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;

namespace Portal.Application.Features.Notifications.Channels;

public sealed record DeleteNotificationChannelCommand(Guid ChannelId);

/// <summary>Removes a channel and its delivery log (nothing more is sent to it).</summary>
public sealed class DeleteNotificationChannel(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(DeleteNotificationChannelCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var channel = await ChannelAccess.FindAsync(db, caller, cmd.ChannelId, ct);
        if (channel is null) return Error.NotFound("The channel");
        db.NotificationChannels.Remove(channel);
        var log = db.NotificationDeliveries.Where(d => d.ChannelId == channel.Id).ToList();
        db.NotificationDeliveries.RemoveRange(log);
        db.Audit(caller, s.Now, "notification-channel.deleted", "notification-channel", channel.Id.ToString(),
            $"{channel.Kind} \"{channel.Name}\" ({channel.TargetHint}) deleted", channel.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

public sealed record ResumeNotificationChannelCommand(Guid ChannelId);

/// <summary>Sends to a paused channel again (its waiting deliveries go out; the failure count starts over).</summary>
public sealed class ResumeNotificationChannel(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(ResumeNotificationChannelCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var channel = await ChannelAccess.FindAsync(db, caller, cmd.ChannelId, ct);
        if (channel is null) return Error.NotFound("The channel");
        try
        {
            channel.Resume(s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Conflict(ex.Message);
        }
        db.Audit(caller, s.Now, "notification-channel.resumed", "notification-channel", channel.Id.ToString(), $"\"{channel.Name}\" resumed",
            channel.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
