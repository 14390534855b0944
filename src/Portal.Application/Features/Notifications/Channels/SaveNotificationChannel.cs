using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Notifications;

namespace Portal.Application.Features.Notifications.Channels;

/// <summary>Add (no <paramref name="ChannelId"/>) or change a channel. <paramref name="TenantId"/>: the tenant's channel;
/// null: the caller's own. On a change, a null <paramref name="Target"/> or <paramref name="Secret"/> keeps the stored one.</summary>
public sealed record SaveNotificationChannelCommand(Guid? ChannelId, Guid? TenantId, string Name, NotificationChannelKind Kind, string? Target,
    string? Secret, IReadOnlyList<NotificationEventType> Types);

public sealed class SaveNotificationChannel(UseCaseServices s, ICredentialProtector protector, INotificationTransport transport) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(SaveNotificationChannelCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (cmd.TenantId is { } tenantId && !caller.Can(Permission.ManageNotifications, tenantId))
            return caller.Can(Permission.ViewTenant, tenantId) ? caller.Refuse("Only the tenant's SREs and platform engineers keep its notification channels.")
                : Error.NotFound("The tenant");
        if (cmd.TenantId is null && (caller.IsSystem || caller.Principal.UserId.Length == 0)) return caller.Refuse("Sign in to keep your own channels.");
        await using var db = await s.OpenAsync(caller, ct);
        if (cmd.TenantId is { } t && !await db.Tenants.AnyAsync(x => x.Id == t, ct)) return Error.NotFound("The tenant");
        NotificationChannel? channel = null;
        if (cmd.ChannelId is { } id)
        {
            channel = await ChannelAccess.FindAsync(db, caller, id, ct);
            if (channel is null || channel.TenantId != cmd.TenantId) return Error.NotFound("The channel");
            if (channel.Kind != cmd.Kind) return Error.Validation("A channel's kind cannot change; add a new channel instead.") with { Field = "kind" };
        }
        if (ChannelRules.Validate(cmd, channel is null, transport.EmailConfigured) is { } invalid) return invalid;
        var target = string.IsNullOrEmpty(cmd.Target) ? null : protector.Protect(cmd.Target);
        var hint = string.IsNullOrEmpty(cmd.Target) ? null : ChannelRules.Mask(cmd.Kind, cmd.Target);
        var secret = string.IsNullOrEmpty(cmd.Secret) ? null : protector.Protect(cmd.Secret);
        var name = cmd.Name.Trim();
        if (channel is null)
        {
            channel = cmd.TenantId is { } owner
                ? NotificationChannel.ForTenant(owner, name, cmd.Kind, target!, hint!, secret, cmd.Types, s.Now)
                : NotificationChannel.ForPerson(caller.Principal.UserId, caller.Principal.GroupIds, name, cmd.Kind, target!, hint!, secret, cmd.Types, s.Now);
            db.NotificationChannels.Add(channel);
        }
        else channel.Update(name, cmd.Types, target, hint, secret, s.Now);
        db.Audit(caller, s.Now, cmd.ChannelId is null ? "notification-channel.added" : "notification-channel.changed", "notification-channel",
            channel.Id.ToString(), $"{cmd.Kind.Display()} \"{name}\" ({channel.TargetHint}): {string.Join(", ", cmd.Types.Select(x => x.Display()))}"
                + (cmd.Secret is { Length: > 0 } ? "; signing secret set" : ""), cmd.TenantId);
        await db.SaveChangesAsync(ct);
        return channel.Id;
    }
}

/// <summary>Finds a channel the caller may keep: a tenant's (ManageNotifications over it) or the caller's own. Anything
/// else, another tenant's or another person's, is not found.</summary>
internal static class ChannelAccess
{
    public static async Task<NotificationChannel?> FindAsync(IPortalDbContext db, AccessContext caller, Guid id, CancellationToken ct)
    {
        var channel = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == id, ct);
        return channel is not null && MayKeep(caller, channel) ? channel : null;
    }

    public static bool MayKeep(AccessContext caller, NotificationChannel channel) => channel.TenantId is { } tenant
        ? caller.Can(Permission.ManageNotifications, tenant)
        : !caller.IsSystem && caller.Principal.UserId.Length > 0 && channel.OwnerUserId == caller.Principal.UserId;
}
