using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Notifications;

namespace Portal.Application.Features.Notifications.Channels;

/// <summary>A tenant's channels (<paramref name="TenantId"/>) or the caller's own (null).</summary>
public sealed record ListNotificationChannelsQuery(Guid? TenantId);

/// <summary>A channel as people see it: the address masked, the secret only as "set".</summary>
public sealed record ChannelView(Guid Id, Guid? TenantId, string Name, NotificationChannelKind Kind, string TargetHint, bool HasSecret,
    IReadOnlyList<NotificationEventType> Types, bool IsPaused, string? PausedReason, int ConsecutiveFailures, bool MayChange);

public sealed record ChannelList(IReadOnlyList<ChannelView> Channels, bool MayAdd, bool EmailConfigured);

public sealed class ListNotificationChannels(UseCaseServices s, INotificationTransport transport) : IUseCase
{
    public async Task<Result<ChannelList>> HandleAsync(ListNotificationChannelsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (q.TenantId is { } tenantId && !caller.Can(Permission.ViewTenant, tenantId)) return Error.NotFound("The tenant");
        if (q.TenantId is null && (caller.IsSystem || caller.Principal.UserId.Length == 0)) return caller.Refuse("Sign in to see your own channels.");
        await using var db = await s.OpenAsync(caller, ct);
        var userId = caller.Principal.UserId;
        var rows = q.TenantId is { } t
            ? await db.NotificationChannels.AsNoTracking().Where(c => c.TenantId == t).OrderBy(c => c.Name).ToListAsync(ct)
            : await db.NotificationChannels.AsNoTracking().Where(c => c.TenantId == null && c.OwnerUserId == userId).OrderBy(c => c.Name).ToListAsync(ct);
        var mayAdd = q.TenantId is { } tid ? caller.Can(Permission.ManageNotifications, tid) : true;
        return new ChannelList(rows.Select(c => new ChannelView(c.Id, c.TenantId, c.Name, c.Kind, c.TargetHint, c.EncryptedSecret is not null, c.Types,
            c.IsPaused, c.PausedReason, c.ConsecutiveFailures, ChannelAccess.MayKeep(caller, c))).ToList(), mayAdd, transport.EmailConfigured);
    }
}

public sealed record ListChannelDeliveriesQuery(Guid ChannelId, int Take = 50);

/// <summary>One line of a channel's delivery log.</summary>
public sealed record DeliveryView(Guid Id, bool IsTest, NotificationEventType EventType, string Title, DeliveryStatus Status, int Attempts,
    int? LastStatusCode, string? LastError, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAt);

/// <summary>The newest deliveries of a channel the caller keeps.</summary>
public sealed class ListChannelDeliveries(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<DeliveryView>>> HandleAsync(ListChannelDeliveriesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var channel = await ChannelAccess.FindAsync(db, caller, q.ChannelId, ct);
        if (channel is null) return Error.NotFound("The channel");
        var rows = await db.NotificationDeliveries.AsNoTracking().Where(d => d.ChannelId == channel.Id)
            .OrderByDescending(d => d.CreatedAt).Take(Math.Clamp(q.Take, 1, 200)).ToListAsync(ct);
        return rows.Select(d => new DeliveryView(d.Id, d.IsTest, d.EventType, d.Title, d.Status, d.Attempts, d.LastStatusCode, d.LastError,
            d.LastAttemptAt, d.DeliveredAt, d.NextAttemptAt, d.CreatedAt)).ToList();
    }
}
