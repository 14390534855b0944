using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Schedules;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Domain.Snapshots;

namespace Portal.Application.Features.Snapshots;

/// <summary>A snapshot schedule as the namespace page shows it.</summary>
public sealed record SnapshotScheduleView(Guid Id, IReadOnlyList<string> Claims, WorkloadReference? Workload, string? SnapshotClass,
    SnapshotConsistency Consistency, string Cron, string TimeZone, int? KeepLast, int? KeepDays, bool Enabled, DateTimeOffset? LastRunAt,
    DateTimeOffset NextDueAt, Guid? DatabaseId = null)
{
    public static SnapshotScheduleView Of(SnapshotSchedule x) => new(x.Id, x.Claims, x.Workload, x.SnapshotClass, x.Consistency, x.Cron, x.TimeZone,
        x.KeepLast, x.KeepDays, x.Enabled, x.LastRunAt, x.NextDueAt, x.DatabaseId);

    public string What => Workload is { } w ? $"claims of {w}" : string.Join(", ", Claims);
}

/// <summary>Makes (<paramref name="ScheduleId"/> null) or changes a snapshot schedule of a namespace.</summary>
public sealed record SaveSnapshotScheduleCommand(Guid TenantNamespaceId, Guid? ScheduleId, IReadOnlyList<string> Claims, WorkloadReference? Workload,
    string? SnapshotClass, SnapshotConsistency Consistency, string Cron, string TimeZone, int? KeepLast, int? KeepDays, bool Enabled = true,
    Guid? DatabaseId = null);

public sealed record RemoveSnapshotScheduleCommand(Guid TenantNamespaceId, Guid ScheduleId);

public sealed record ListSnapshotSchedulesQuery(Guid TenantNamespaceId);

/// <summary>Snapshot schedules of a namespace: cron and zone checked by the one cron check (<see cref="PreviewSchedule"/>);
/// made and changed by those who may take the tenant's snapshots, audited.</summary>
public sealed class SaveSnapshotSchedule(UseCaseServices s) : IUseCase
{
    public async Task<Result<SnapshotScheduleView>> HandleAsync(SaveSnapshotScheduleCommand cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        using var activity = PortalTelemetry.StartUseCase(nameof(SaveSnapshotSchedule));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.TakeSnapshots, ns.TenantId, ns.ClusterId)) return caller.Refuse($"You may not schedule snapshots of {ns.Namespace}.");
        var preview = PreviewSchedule.Preview(cmd.Cron, cmd.TimeZone, 1, s.Now);
        if (!preview.IsSuccess) return preview.Error!;
        var settings = new SnapshotScheduleSettings(cmd.Claims ?? [], cmd.Workload, cmd.SnapshotClass, cmd.Consistency, cmd.Cron, preview.Value!.TimeZone,
            cmd.KeepLast, cmd.KeepDays, cmd.Enabled, cmd.DatabaseId);
        if (settings.Problem() is { } problem)
            return Error.Validation(problem) with { Field = cmd.Consistency == SnapshotConsistency.DatabaseCheckpoint ? SnapshotCheckpoint.Field : null };
        if (cmd.DatabaseId is { } databaseId
            && (await SnapshotCheckpoint.FindAsync(db, ns.TenantId, ns.ClusterId, ns.Namespace, databaseId, ct)).Problem is { } notThere)
            return Error.Validation(notThere) with { Field = SnapshotCheckpoint.Field };
        SnapshotSchedule? schedule = null;
        if (cmd.ScheduleId is { } id)
        {
            schedule = await db.SnapshotSchedules.FirstOrDefaultAsync(x => x.Id == id && x.ClusterId == ns.ClusterId && x.Namespace == ns.Namespace, ct);
            if (schedule is null) return Error.NotFound("The snapshot schedule");
        }

        try
        {
            if (schedule is null)
            {
                schedule = new SnapshotSchedule(ns.TenantId, ns.ClusterId, ns.Namespace, settings, caller.Principal.DisplayName, preview.Value.NextRuns[0], s.Now);
                db.SnapshotSchedules.Add(schedule);
            }
            else schedule.Change(settings, preview.Value.NextRuns[0], s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }

        var view = SnapshotScheduleView.Of(schedule);
        db.Audit(caller, s.Now, "snapshot.schedule-saved", "snapshot-schedule", schedule.Id.ToString(),
            $"Snapshots of {view.What} in {ns.Namespace} scheduled \"{schedule.Cron}\" ({schedule.TimeZone}), keep {Keep(schedule)}{(schedule.Enabled ? "" : ", disabled")}",
            ns.TenantId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("Someone changed the snapshot schedule at the same time; open it again.");
        }

        return view;
    }

    internal static string Keep(SnapshotSchedule x) => (x.KeepLast, x.KeepDays) switch
    {
        ({ } n, { } d) => $"the last {n} and those of the last {d} days",
        ({ } n, null) => $"the last {n}",
        (null, { } d) => $"those of the last {d} days",
        _ => "all",
    };
}

/// <summary>Removes a snapshot schedule (its snapshots stay until deleted one by one).</summary>
public sealed class RemoveSnapshotSchedule(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(RemoveSnapshotScheduleCommand cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.TakeSnapshots, ns.TenantId, ns.ClusterId)) return caller.Refuse($"You may not change the snapshot schedules of {ns.Namespace}.");
        var schedule = await db.SnapshotSchedules.FirstOrDefaultAsync(x => x.Id == cmd.ScheduleId && x.ClusterId == ns.ClusterId && x.Namespace == ns.Namespace, ct);
        if (schedule is null) return Error.NotFound("The snapshot schedule");
        db.SnapshotSchedules.Remove(schedule);
        db.Audit(caller, s.Now, "snapshot.schedule-removed", "snapshot-schedule", schedule.Id.ToString(),
            $"Snapshot schedule of {SnapshotScheduleView.Of(schedule).What} in {ns.Namespace} removed (its snapshots stay)", ns.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

/// <summary>The namespace's snapshot schedules, for whoever may see the namespace.</summary>
public sealed class ListSnapshotSchedules(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<SnapshotScheduleView>>> HandleAsync(ListSnapshotSchedulesQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(q);
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == q.TenantNamespaceId, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId) && !caller.Can(Permission.ViewStorage, null, ns.ClusterId))
            return caller.Refuse($"You may not see the snapshot schedules of {ns.Namespace}.");
        var rows = await db.SnapshotSchedules.AsNoTracking().Where(x => x.ClusterId == ns.ClusterId && x.Namespace == ns.Namespace && x.TenantId == ns.TenantId)
            .ToListAsync(ct);
        return rows.OrderBy(x => x.CreatedAt).Select(SnapshotScheduleView.Of).ToList();
    }
}
