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

/// <summary>The portal's own work, run by the one scheduler (the drills') as the system user, as every schedule of the portal's own
/// is (<see cref="DueSchedules"/>: claimed by its version, so one replica runs it, and a run missed during downtime is made up
/// once): first its retention deletes the schedule's own snapshots (labelled with its id) that it no longer keeps, audited; then
/// it submits a "snapshot now" through the one pipeline (the tenant's approval policy, timeline, audit, queue). Retention comes
/// first so that it judges the snapshots of the runs before, not one the executor is just taking.</summary>
public sealed class RunDueSnapshotSchedules(UseCaseServices s, IExecutionSignal signal, ISnapshotClusterGateway gateway, ClusterConnections connections)
    : IUseCase
{
    public const string Actor = "portal (snapshot schedule)";

    public async Task<Result<int>> HandleAsync(RunDueSnapshotSchedulesCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.IsSystem) return caller.Refuse("Only the portal runs snapshot schedules by itself.");
        return await DueSchedules.RunAsync(s, caller, signal, db => db.SnapshotSchedules, (db, run) => RunAsync(db, caller, run, ct), ct);
    }

    private async Task<IReadOnlyList<OperationRequest>> RunAsync(IPortalDbContext db, Security.AccessContext caller, DueRun<SnapshotSchedule> run,
        CancellationToken ct)
    {
        var (schedule, dueAt, now) = run;
        await ApplyRetentionAsync(db, schedule, now, ct);
        var ns = await db.TenantNamespaces.AsNoTracking()
            .FirstOrDefaultAsync(n => n.ClusterId == schedule.ClusterId && n.Namespace == schedule.Namespace && n.TenantId == schedule.TenantId, ct);
        if (ns is null)
        {
            db.Audit(Actor, now, "snapshot.schedule-skipped", "snapshot-schedule", schedule.Id.ToString(),
                $"Scheduled snapshot of {schedule.Namespace} not submitted: the namespace is no longer the tenant's", schedule.TenantId);
            return [];
        }

        var p = new VolumeSnapshotParameters(schedule.Claims, schedule.Workload, schedule.SnapshotClass, false, schedule.Consistency, schedule.DatabaseId, schedule.Id);
        OperationRequest request;
        try
        {
            request = OperationRequest.ForSnapshot(RequestKind.VolumeSnapshot, ns.TenantId, ns.ClusterId, ns.Namespace, p, caller.Principal.UserId, Actor,
                $"Scheduled snapshot (\"{schedule.Cron}\" {schedule.TimeZone}, due {dueAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)", now);
        }
        catch (DomainException ex)
        {
            db.Audit(Actor, now, "snapshot.schedule-skipped", "snapshot-schedule", schedule.Id.ToString(),
                $"Scheduled snapshot of {ns.Namespace} not submitted: {ex.Message}", ns.TenantId);
            return [];
        }

        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } refused)
        {
            db.Audit(Actor, now, "snapshot.schedule-skipped", "snapshot-schedule", schedule.Id.ToString(),
                $"Scheduled snapshot of {ns.Namespace} not submitted: {refused.Message}", ns.TenantId);
            return [];
        }

        return [request];
    }

    /// <summary>Deletes the schedule's own snapshots (labelled with its id, made by the portal) that its retention no longer keeps
    /// (<see cref="SnapshotSchedule.Expired"/>: none while the newest is not ready), audited in the run's unit of work.</summary>
    private async Task ApplyRetentionAsync(IPortalDbContext db, SnapshotSchedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == schedule.ClusterId, ct);
        if (cluster is null) return;
        try
        {
            var conn = connections.For(cluster);
            var own = (await gateway.ListSnapshotsAsync(conn, schedule.Namespace, ct))
                .Where(x => x.Labels.GetValueOrDefault(PortalLabels.SnapshotScheduleId) == schedule.Id.ToString("N")
                    && x.Labels.GetValueOrDefault(PortalLabels.ManagedBy) == PortalLabels.ManagedByValue)
                .ToList();
            foreach (var name in schedule.Expired(own.Select(x => (x.Name, x.CreatedAt, x.ReadyToUse)), now))
            {
                await gateway.DeleteSnapshotAsync(conn, schedule.Namespace, name, ct);
                db.Audit(Actor, now, "snapshot.retention-deleted", "snapshot-schedule", schedule.Id.ToString(),
                    $"Snapshot {name} of {schedule.Namespace} on {cluster.Name} deleted by its schedule's retention (keep {SaveSnapshotSchedule.Keep(schedule)})",
                    schedule.TenantId);
            }
        }
        catch (ClusterAccessException ex)
        {
            db.Audit(Actor, now, "snapshot.retention-skipped", "snapshot-schedule", schedule.Id.ToString(),
                $"Retention of the snapshots of {schedule.Namespace} skipped this time: {ClusterConnections.Explain(ex, cluster.Name)}", schedule.TenantId);
        }
    }
}
