using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Schedules;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Domain.Snapshots;

namespace Portal.Application.Features.Snapshots;

public sealed record RunDueSnapshotSchedulesCommand;

/// <summary>The portal's own work, run by the one scheduler (the drills') as the system user: each snapshot schedule due now
/// submits a "snapshot now" through the one pipeline (the tenant's approval policy, timeline, audit, queue), claimed by its
/// version so one replica submits it and a run missed during downtime is made up once; then its retention deletes the
/// schedule's own snapshots (labelled with its id) that it no longer keeps, audited.</summary>
public sealed class RunDueSnapshotSchedules(UseCaseServices s, IExecutionSignal signal, ISnapshotClusterGateway gateway, ClusterConnections connections)
    : IUseCase
{
    public const string Actor = "portal (snapshot schedule)";

    public async Task<Result<int>> HandleAsync(RunDueSnapshotSchedulesCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.IsSystem) return caller.Refuse("Only the portal runs snapshot schedules by itself.");
        var now = s.Now;
        List<Guid> due;
        await using (var db = await s.OpenAsync(caller, ct))
            due = await db.SnapshotSchedules.AsNoTracking().Where(x => x.Enabled && x.NextDueAt <= now).OrderBy(x => x.NextDueAt).Select(x => x.Id)
                .Take(50).ToListAsync(ct);
        var submitted = 0;
        foreach (var id in due)
        {
            if (await RunAsync(caller, id, now, ct)) submitted++;
        }

        return submitted;
    }

    private async Task<bool> RunAsync(Security.AccessContext caller, Guid scheduleId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await s.OpenAsync(caller, ct);
        var schedule = await db.SnapshotSchedules.FirstOrDefaultAsync(x => x.Id == scheduleId && x.Enabled && x.NextDueAt <= now, ct);
        if (schedule is null) return false; // another replica ran it
        var dueAt = schedule.NextDueAt;
        var next = PreviewSchedule.Preview(schedule.Cron, schedule.TimeZone, 1, now);
        schedule.Ran(now, next.IsSuccess ? next.Value!.NextRuns[0] : now.AddDays(1));
        var ns = await db.TenantNamespaces.AsNoTracking()
            .FirstOrDefaultAsync(n => n.ClusterId == schedule.ClusterId && n.Namespace == schedule.Namespace && n.TenantId == schedule.TenantId, ct);
        OperationRequest? request = null;
        if (ns is null)
        {
            db.Audit(Actor, now, "snapshot.schedule-skipped", "snapshot-schedule", schedule.Id.ToString(),
                $"Scheduled snapshot of {schedule.Namespace} not submitted: the namespace is no longer the tenant's", schedule.TenantId);
        }
        else
        {
            var p = new VolumeSnapshotParameters(schedule.Claims, schedule.Workload, schedule.SnapshotClass, false, schedule.Consistency, schedule.DatabaseId, schedule.Id);
            try
            {
                request = OperationRequest.ForSnapshot(RequestKind.VolumeSnapshot, ns.TenantId, ns.ClusterId, ns.Namespace, p, caller.Principal.UserId, Actor,
                    $"Scheduled snapshot (\"{schedule.Cron}\" {schedule.TimeZone}, due {dueAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)", now);
            }
            catch (DomainException ex)
            {
                db.Audit(Actor, now, "snapshot.schedule-skipped", "snapshot-schedule", schedule.Id.ToString(),
                    $"Scheduled snapshot of {ns.Namespace} not submitted: {ex.Message}", ns.TenantId);
            }

            if (request is not null && await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } refused)
            {
                db.Audit(Actor, now, "snapshot.schedule-skipped", "snapshot-schedule", schedule.Id.ToString(),
                    $"Scheduled snapshot of {ns.Namespace} not submitted: {refused.Message}", ns.TenantId);
                request = null;
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return false; // another replica claimed the schedule first (its version moved): nothing of ours was saved
        }

        if (request is not null)
        {
            if (request.Status == RequestStatus.Queued) signal.RequestQueued();
            s.Notifier.Notify(RequestChange.Of(request));
        }

        await ApplyRetentionAsync(caller, schedule, now, ct);
        return request is not null;
    }

    /// <summary>Deletes the schedule's own snapshots (labelled with its id, made by the portal) that its retention no longer keeps.</summary>
    private async Task ApplyRetentionAsync(Security.AccessContext caller, SnapshotSchedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == schedule.ClusterId, ct);
        if (cluster is null) return;
        try
        {
            var conn = connections.For(cluster);
            var own = (await gateway.ListSnapshotsAsync(conn, schedule.Namespace, ct))
                .Where(x => x.Labels.GetValueOrDefault(PortalLabels.SnapshotScheduleId) == schedule.Id.ToString("N")
                    && x.Labels.GetValueOrDefault(PortalLabels.ManagedBy) == PortalLabels.ManagedByValue)
                .ToList();
            var expired = schedule.Expired(own.Select(x => (x.Name, x.CreatedAt, x.ReadyToUse)), now);
            foreach (var name in expired)
            {
                await gateway.DeleteSnapshotAsync(conn, schedule.Namespace, name, ct);
                db.Audit(Actor, now, "snapshot.retention-deleted", "snapshot-schedule", schedule.Id.ToString(),
                    $"Snapshot {name} of {schedule.Namespace} on {cluster.Name} deleted by its schedule's retention (keep {SaveSnapshotSchedule.Keep(schedule)})",
                    schedule.TenantId);
            }

            if (expired.Count > 0) await db.SaveChangesAsync(ct);
        }
        catch (ClusterAccessException ex)
        {
            db.Audit(Actor, now, "snapshot.retention-skipped", "snapshot-schedule", schedule.Id.ToString(),
                $"Retention of the snapshots of {schedule.Namespace} skipped this time: {ClusterConnections.Explain(ex, cluster.Name)}", schedule.TenantId);
            await db.SaveChangesAsync(ct);
        }
    }
}
