using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots;
using Portal.Application.Security;
using Portal.Domain.Requests;
using Portal.Web.Authentication;

namespace Portal.Web.Hosting;

/// <summary>
/// The demo's CSI snapshots, taken through the portal's own requests against the simulated prod-east (not rows written
/// directly), so they can be seen with <c>kubectl get volumesnapshots -A</c>: Sam (Webshop's SRE) snapshots claim
/// <c>media</c> of shop-frontend and <c>ledger-data</c> of shop-payments now (executed by the real executor, no approval),
/// and schedules hourly snapshots of <c>media</c> keeping the last three. Through the same use cases Sam would use. A claim
/// is snapshotted when the cluster holds no snapshot of it and no snapshot request of its namespace is still running: the
/// simulated clusters start empty on every start while the database keeps its rows, so a check of the rows alone left a
/// restarted demo without snapshots; a start after the first adds nothing while they are there.
/// </summary>
internal sealed class DemoSnapshotSeeder(IPortalDbContextFactory factory, PrincipalOverride principal, SnapshotNow snapshotNow,
    ListSnapshots listSnapshots, SaveSnapshotSchedule saveSchedule, ILogger<DemoSnapshotSeeder> log)
{
    public const string Cluster = "prod-east", ScheduledNamespace = "shop-frontend", ScheduledClaim = "media";

    private static readonly (string Namespace, string Claim)[] Taken = [(ScheduledNamespace, ScheduledClaim), ("shop-payments", "ledger-data")];

    public async Task SeedAsync(CancellationToken ct)
    {
        CurrentPrincipal sam;
        Dictionary<string, Guid> namespaces;
        bool scheduled;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Name == Cluster, ct);
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.ExternalId == DevelopmentUsers.Sam.ExternalId, ct);
            if (cluster is null || user is null) return;
            var names = Taken.Select(t => t.Namespace).ToList();
            var running = await db.Requests.AsNoTracking()
                .Where(r => r.ClusterId == cluster.Id && r.Kind == RequestKind.VolumeSnapshot && names.Contains(r.Namespace)
                    && r.Status != RequestStatus.Succeeded && r.Status != RequestStatus.Failed && r.Status != RequestStatus.Rejected
                    && r.Status != RequestStatus.Cancelled && r.Status != RequestStatus.PartiallyFailed)
                .Select(r => r.Namespace).Distinct().ToListAsync(ct);
            scheduled = await db.SnapshotSchedules.AsNoTracking().AnyAsync(s => s.ClusterId == cluster.Id && s.Namespace == ScheduledNamespace, ct);
            namespaces = await db.TenantNamespaces.AsNoTracking()
                .Where(n => n.ClusterId == cluster.Id && names.Contains(n.Namespace))
                .ToDictionaryAsync(n => n.Namespace, n => n.Id, ct);
            foreach (var busy in running) namespaces.Remove(busy);
            if (!scheduled && await db.TenantNamespaces.AsNoTracking()
                    .FirstOrDefaultAsync(n => n.ClusterId == cluster.Id && n.Namespace == ScheduledNamespace, ct) is { } n)
                namespaces.TryAdd("schedule", n.Id);
            sam = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        }
        if (namespaces.Count == 0) return;

        var previous = principal.Principal;
        principal.Principal = sam;
        try
        {
            foreach (var (ns, claim) in Taken)
            {
                if (!namespaces.TryGetValue(ns, out var id)) continue;
                var there = await listSnapshots.HandleAsync(new ListSnapshotsQuery(id), ct);
                if (!there.IsSuccess || there.Value!.Unavailable is not null || there.Value.Snapshots.Items.Any(r => r.Claim == claim)) continue;
                var taken = await snapshotNow.HandleAsync(new SnapshotNowCommand(id, [claim], null, null, false, SnapshotConsistency.None,
                    "Demo: a snapshot before the next release"), ct);
                Warn(ns, taken);
                if (taken.IsSuccess) log.LogInformation("Demo snapshot of claim {Claim} in {Namespace}: kubectl get volumesnapshots -n {Namespace}", claim, ns, ns);
            }

            if (namespaces.TryGetValue("schedule", out var scheduledId))
                Warn(ScheduledNamespace, await saveSchedule.HandleAsync(new SaveSnapshotScheduleCommand(scheduledId, null, [ScheduledClaim], null, null,
                    SnapshotConsistency.None, "0 * * * *", "Europe/Berlin", 3, null), ct));
        }
        finally
        {
            principal.Principal = previous;
        }
    }

    private void Warn<T>(string ns, Result<T> result)
    {
        if (!result.IsSuccess) log.LogWarning("Demo snapshot of {Namespace}: {Error}", ns, result.Error!.Message);
    }
}
