using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Features.Moves;
using Portal.Application.Features.Requests;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Moves;
using Portal.Domain.Notifications;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Notifications.Delivery;

/// <summary>Which channels an event goes to (read with an estate-wide context by the worker). A tenant's channels that
/// chose the event's type, for events of that tenant (a cluster's or a wave's: the tenants with namespaces on the cluster or
/// applications in the wave). A person's own channels that chose it, when that person may see it now, by their bindings of
/// today: "approval needed" only to those who may approve the request (never its requester, <see cref="ApprovalRules"/>);
/// a migration wave to those who may open its plan and see the wave (<see cref="MigrationAccess.MayView"/>, the plan page's
/// rule); a paused channel to those who keep the tenant's channels. Paused channels receive nothing. What an event is about
/// (its request, its wave) is read once per event, whatever the number of personal channels.</summary>
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
        EventSubject? subject = null;
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
            subject ??= await EventSubject.ReadAsync(db, e, ct);
            if (MaySee(person, e, subject)) result.Add(c);
        }
        return result;
    }

    /// <summary>Asked again when a delivery to a person's own channel is sent: may its owner still see the event, by their
    /// bindings of now (a persona removed since the event was raised)? Null when they may; else why not, in words for the
    /// channel's delivery log. A tenant's channel is not asked: the tenant keeps it.</summary>
    public static async Task<string?> WhyNotNowAsync(IPortalDbContext db, NotificationChannel channel, NotificationEvent e, CancellationToken ct)
    {
        if (channel.OwnerUserId is not { } owner) return null;
        var person = await PersonGrants.RequesterAsync(db, owner, "", channel.GroupIds, ct);
        return MaySee(person, e, await EventSubject.ReadAsync(db, e, ct))
            ? null
            : "Not sent: the channel's owner may no longer see this (their access changed after the event).";
    }

    /// <summary>May this person be told about the event? <paramref name="subject"/>: what the event is about, read once.</summary>
    private static bool MaySee(AccessContext person, NotificationEvent e, EventSubject subject)
    {
        switch (e.Type)
        {
            case NotificationEventType.ApprovalNeeded or NotificationEventType.WaveNeedsAcknowledgement:
                return subject.Request is { } request && subject.Approver is { } approver && ApprovalRules.CanDecide(person, request, approver);
            case NotificationEventType.ChannelPaused:
                return e.TenantId is { } paused && person.Can(Permission.ManageNotifications, paused);
            case NotificationEventType.WaveStarted or NotificationEventType.WaveFinished:
                return subject.Plan is { } plan && MigrationAccess.MayView(person, plan, subject.WaveApplications.Any(a => Sees(person, a)));
            case NotificationEventType.ClusterUnreachable:
                return person.Can(Permission.ViewClusters, null, e.ClusterId);
            default:
                return e.TenantId is { } tenant && person.Can(Permission.ViewTenant, tenant, e.ClusterId);
        }
    }

    /// <summary>Does the person see the application on the plan page? The rows a person reads are those of their tenants and of
    /// the clusters they hold a persona on (<see cref="AccessContext.Scope"/>).</summary>
    private static bool Sees(AccessContext person, MigrationApplication a) =>
        person.IsSystem || person.Grants.Any(g => g.Covers(a.TenantId, null) || g.Covers(null, a.ClusterId));

    private static async Task<HashSet<Guid>> TenantsOfAsync(IPortalDbContext db, NotificationEvent e, CancellationToken ct)
    {
        if (e.TenantId is { } t) return [t];
        if (e.Type is NotificationEventType.WaveStarted or NotificationEventType.WaveFinished)
            return (await db.MigrationApplications.AsNoTracking().Where(a => a.WaveId == e.SubjectId).Select(a => a.TenantId).Distinct().ToListAsync(ct)).ToHashSet();
        if (e.ClusterId is { } cluster)
            return (await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == cluster).Select(n => n.TenantId).Distinct().ToListAsync(ct)).ToHashSet();
        return [];
    }

    /// <summary>What an event is about, as far as deciding who may see it needs: the request waiting for a decision and who
    /// approves it, or the wave's plan and applications.</summary>
    private sealed record EventSubject(OperationRequest? Request, Persona? Approver, MigrationPlan? Plan, IReadOnlyList<MigrationApplication> WaveApplications)
    {
        public static async Task<EventSubject> ReadAsync(IPortalDbContext db, NotificationEvent e, CancellationToken ct)
        {
            switch (e.Type)
            {
                case NotificationEventType.ApprovalNeeded or NotificationEventType.WaveNeedsAcknowledgement:
                    var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == e.SubjectId, ct);
                    if (request is null) return new(null, null, null, []);
                    var (_, approver) = await ApprovalRules.ResolveAsync(db, request.TenantId, request.Kind, ct);
                    return new(request, approver, null, []);
                case NotificationEventType.WaveStarted or NotificationEventType.WaveFinished:
                    var planId = await db.MigrationWaves.AsNoTracking().Where(w => w.Id == e.SubjectId).Select(w => (Guid?)w.PlanId).FirstOrDefaultAsync(ct);
                    var plan = planId is { } p ? await db.MigrationPlans.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p, ct) : null;
                    var apps = plan is null ? [] : await db.MigrationApplications.AsNoTracking().Where(a => a.WaveId == e.SubjectId).ToListAsync(ct);
                    return new(null, null, plan, apps);
                default:
                    return new(null, null, null, []);
            }
        }
    }
}
