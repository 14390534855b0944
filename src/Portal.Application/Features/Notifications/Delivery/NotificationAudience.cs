using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Features.Requests;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Notifications;

namespace Portal.Application.Features.Notifications.Delivery;

/// <summary>Which channels an event goes to (read with an estate-wide context by the worker). A tenant's channels that
/// chose the event's type, for events of that tenant (a cluster's or a wave's: the tenants with namespaces on the cluster or
/// applications in the wave). A person's own channels that chose it, when that person may see it now, by their bindings of
/// today: "approval needed" only to those who may approve the request (never its requester, <see cref="ApprovalRules"/>);
/// a paused channel to those who keep the tenant's channels. Paused channels receive nothing.</summary>
public static class NotificationAudience
{
    public static async Task<IReadOnlyList<NotificationChannel>> ChannelsForAsync(IPortalDbContext db, NotificationEvent e, CancellationToken ct)
    {
        var tenants = await TenantsOfAsync(db, e, ct);
        var type = e.Type;
        var typeText = type.ToString();
        var candidates = await db.NotificationChannels.AsNoTracking()
            .Where(c => c.PausedAt == null && c.EventTypes.Contains(typeText) || c.OwnerUserId != null && type == NotificationEventType.ChannelPaused)
            .ToListAsync(ct);
        var result = new List<NotificationChannel>();
        var people = new Dictionary<string, AccessContext>();
        foreach (var c in candidates.Where(c => !c.IsPaused && c.Id != e.SubjectId))
        {
            if (c.TenantId is { } t)
            {
                if (type != NotificationEventType.ChannelPaused && c.Wants(type) && tenants.Contains(t)) result.Add(c);
                continue;
            }
            if (type != NotificationEventType.ChannelPaused && !c.Wants(type)) continue;
            var key = c.OwnerUserId + "|" + c.OwnerGroupIds;
            if (!people.TryGetValue(key, out var person))
                people[key] = person = await PersonGrants.RequesterAsync(db, c.OwnerUserId!, "", c.GroupIds, ct);
            if (await MaySeeAsync(db, person, e, ct)) result.Add(c);
        }
        return result;
    }

    /// <summary>May this person be told about the event?</summary>
    public static async Task<bool> MaySeeAsync(IPortalDbContext db, AccessContext person, NotificationEvent e, CancellationToken ct)
    {
        switch (e.Type)
        {
            case NotificationEventType.ApprovalNeeded or NotificationEventType.WaveNeedsAcknowledgement:
                var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == e.SubjectId, ct);
                if (request is null) return false;
                var (_, approver) = await ApprovalRules.ResolveAsync(db, request.TenantId, request.Kind, ct);
                return ApprovalRules.CanDecide(person, request, approver);
            case NotificationEventType.ChannelPaused:
                return e.TenantId is { } paused && person.Can(Permission.ManageNotifications, paused);
            case NotificationEventType.WaveStarted or NotificationEventType.WaveFinished:
                return person.CanAnywhere(Permission.PlanMigrations) || person.CanAnywhere(Permission.ApproveMigrations);
            case NotificationEventType.ClusterUnreachable:
                return person.Can(Permission.ViewClusters, null, e.ClusterId);
            default:
                return e.TenantId is { } tenant && person.Can(Permission.ViewTenant, tenant, e.ClusterId);
        }
    }

    private static async Task<HashSet<Guid>> TenantsOfAsync(IPortalDbContext db, NotificationEvent e, CancellationToken ct)
    {
        if (e.TenantId is { } t) return [t];
        if (e.Type is NotificationEventType.WaveStarted or NotificationEventType.WaveFinished)
            return (await db.MigrationApplications.AsNoTracking().Where(a => a.WaveId == e.SubjectId).Select(a => a.TenantId).Distinct().ToListAsync(ct)).ToHashSet();
        if (e.ClusterId is { } cluster)
            return (await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == cluster).Select(n => n.TenantId).Distinct().ToListAsync(ct)).ToHashSet();
        return [];
    }
}
