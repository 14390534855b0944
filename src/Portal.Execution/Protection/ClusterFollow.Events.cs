using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Protection;
using Portal.Application.Features.Protection.Status;
using Portal.Application.Resilience;
using Portal.Application.Security;
using Portal.Domain.Protection;

namespace Portal.Execution.Protection;

/// <summary>What each watch event writes: observed backups and locations as seen, the Schedules held in memory.</summary>
internal sealed partial class ClusterFollow
{
    private async Task OnBackupsAsync(FollowEvent<VeleroBackupObservation> e, CancellationToken ct)
    {
        var now = s.Time.GetUtcNow();
        await using var db = await s.Factory.CreateAsync(TenantScope.Everything, ct);
        var names = e.Items.Select(i => i.Name).ToList();
        var rows = e.Kind == FollowEventKind.Listed
            ? await db.ObservedBackups.Where(b => b.ClusterId == clusterId).ToListAsync(ct)
            : await db.ObservedBackups.Where(b => b.ClusterId == clusterId && names.Contains(b.Name)).ToListAsync(ct);
        var byName = rows.ToDictionary(r => r.Name, StringComparer.Ordinal);
        if (e.Kind == FollowEventKind.Deleted)
        {
            db.ObservedBackups.RemoveRange(rows);
        }
        else
        {
            foreach (var o in e.Items)
            {
                if (!byName.TryGetValue(o.Name, out var row)) db.ObservedBackups.Add(row = new ObservedBackup(clusterId, o.Name, now));
                ObservedBackups.Fill(row, o, ObservedBackups.TenantOf(o, _tenantOf), now);
                byName[o.Name] = row;
            }

            if (e.Kind == FollowEventKind.Listed)
            {
                var listed = names.ToHashSet(StringComparer.Ordinal);
                db.ObservedBackups.RemoveRange(rows.Where(r => !listed.Contains(r.Name)));
            }
        }

        await db.SaveChangesAsync(ct);
        lock (_gate)
        {
            if (e.Kind == FollowEventKind.Listed) _backups.Clear();
            foreach (var name in names)
            {
                if (e.Kind == FollowEventKind.Deleted) _backups.Remove(name);
                else _backups[name] = byName[name];
            }
        }
    }

    private Task OnSchedules(FollowEvent<VeleroScheduleInfo> e, CancellationToken ct)
    {
        lock (_gate)
        {
            if (e.Kind == FollowEventKind.Listed)
            {
                _schedules.Clear();
                _schedulesListed = true;
            }

            foreach (var schedule in e.Items)
            {
                if (e.Kind == FollowEventKind.Deleted) _schedules.Remove(schedule.Name);
                else _schedules[schedule.Name] = schedule;
            }
        }

        return Task.CompletedTask;
    }

    private async Task OnLocationsAsync(LocationKind kind, FollowEvent<VeleroLocationObservation> e, CancellationToken ct)
    {
        var now = s.Time.GetUtcNow();
        await using var db = await s.Factory.CreateAsync(TenantScope.Everything, ct);
        var rows = await db.ObservedLocations.Where(l => l.ClusterId == clusterId && l.Kind == kind).ToListAsync(ct);
        var names = e.Items.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (e.Kind == FollowEventKind.Deleted)
        {
            db.ObservedLocations.RemoveRange(rows.Where(r => names.Contains(r.Name)));
        }
        else
        {
            foreach (var o in e.Items)
            {
                var row = rows.FirstOrDefault(r => r.Name == o.Name);
                if (row is null) db.ObservedLocations.Add(row = new ObservedLocation(clusterId, kind, o.Name));
                row.Provider = o.Provider;
                (row.Bucket, row.Prefix, row.Url) = (o.Bucket, o.Prefix, o.Url);
                row.IsDefault = o.IsDefault;
                row.AccessMode = o.AccessMode;
                row.LastValidated = o.LastValidated;
                row.Message = o.Message;
                row.RecordPhase(o.Phase, now);
            }

            if (e.Kind == FollowEventKind.Listed) db.ObservedLocations.RemoveRange(rows.Where(r => !names.Contains(r.Name)));
        }

        await db.SaveChangesAsync(ct);
        lock (_gate) _locationsChanged = true;
    }
}
