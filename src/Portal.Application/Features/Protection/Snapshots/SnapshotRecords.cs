using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Snapshots;

/// <summary>
/// Records, while a cluster answers, the ready CSI snapshots and the bound claims of each namespace a tenant owns there
/// (<see cref="ObservedSnapshot"/>, <see cref="ObservedClaim"/>): the facts a namespace's snapshot recovery point is worked out
/// from (<see cref="SnapshotRecoveryPoint"/>). The protection follower calls it for the cluster it follows, on its refresh
/// cadence. A cluster that does not answer throws before anything is written (the last record stays); rows of snapshots and
/// claims gone are removed, the others kept as last seen.
/// </summary>
public sealed class SnapshotRecords(ISnapshotFollowGateway gateway)
{
    /// <returns>Whether a row changed (the namespaces' snapshot points are then worked out again).</returns>
    public async Task<bool> RecordAsync(IPortalDbContext db, Guid clusterId, ClusterConnection cluster, DateTimeOffset now, CancellationToken ct)
    {
        var read = await gateway.ReadAsync(cluster, ct);
        var tenantOf = await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == clusterId)
            .ToDictionaryAsync(n => n.Namespace, n => n.TenantId, StringComparer.Ordinal, ct);
        var changed = RecordSnapshots(db, clusterId, await db.ObservedSnapshots.Where(o => o.ClusterId == clusterId).ToListAsync(ct),
            read.Snapshots.Where(s => s.ReadyToUse && s.ClaimName is { Length: > 0 } && tenantOf.ContainsKey(s.Namespace)), tenantOf, now);
        changed |= RecordClaims(db, clusterId, await db.ObservedClaims.Where(o => o.ClusterId == clusterId).ToListAsync(ct),
            read.Claims.Where(c => c.Phase == "Bound" && tenantOf.ContainsKey(c.Namespace)), tenantOf, now);
        if (changed) await db.SaveChangesAsync(ct);
        return changed;
    }

    private static bool RecordSnapshots(IPortalDbContext db, Guid clusterId, List<ObservedSnapshot> rows, IEnumerable<VolumeSnapshotInfo> ready,
        Dictionary<string, Guid> tenantOf, DateTimeOffset now)
    {
        var byKey = rows.ToDictionary(r => (r.Namespace, r.Name));
        var kept = new HashSet<ObservedSnapshot>();
        var changed = false;
        foreach (var s in ready)
        {
            if (!byKey.TryGetValue((s.Namespace, s.Name), out var row))
            {
                db.ObservedSnapshots.Add(row = new ObservedSnapshot(clusterId, tenantOf[s.Namespace], s.Namespace, s.Name, now));
                byKey[(s.Namespace, s.Name)] = row;
                changed = true;
            }

            kept.Add(row);
            var takenAt = s.CreationTime ?? s.CreatedAt;
            var schedule = Guid.TryParseExact(s.Labels.GetValueOrDefault(PortalLabels.SnapshotScheduleId), "N", out var id) ? id : (Guid?)null;
            if (row.TenantId == tenantOf[s.Namespace] && row.ClaimName == s.ClaimName && row.TakenAt == takenAt && row.SnapshotClass == s.SnapshotClass
                && row.ScheduleId == schedule) continue;
            (row.TenantId, row.ClaimName, row.TakenAt, row.SnapshotClass, row.ScheduleId, row.ObservedAt) =
                (tenantOf[s.Namespace], s.ClaimName!, takenAt, s.SnapshotClass, schedule, now);
            changed = true;
        }

        var gone = rows.Where(r => !kept.Contains(r)).ToList();
        db.ObservedSnapshots.RemoveRange(gone);
        return changed || gone.Count > 0;
    }

    private static bool RecordClaims(IPortalDbContext db, Guid clusterId, List<ObservedClaim> rows, IEnumerable<FollowedClaim> bound,
        Dictionary<string, Guid> tenantOf, DateTimeOffset now)
    {
        var byKey = rows.ToDictionary(r => (r.Namespace, r.Name));
        var kept = new HashSet<ObservedClaim>();
        var changed = false;
        foreach (var c in bound)
        {
            if (!byKey.TryGetValue((c.Namespace, c.Name), out var row))
            {
                db.ObservedClaims.Add(row = new ObservedClaim(clusterId, tenantOf[c.Namespace], c.Namespace, c.Name, now));
                byKey[(c.Namespace, c.Name)] = row;
                changed = true;
            }

            kept.Add(row);
            if (row.TenantId == tenantOf[c.Namespace]) continue;
            (row.TenantId, row.ObservedAt) = (tenantOf[c.Namespace], now);
            changed = true;
        }

        var gone = rows.Where(r => !kept.Contains(r)).ToList();
        db.ObservedClaims.RemoveRange(gone);
        return changed || gone.Count > 0;
    }

    /// <summary>The snapshot point of each namespace of the cluster, from what was recorded (the one rule).</summary>
    public static async Task<Dictionary<string, SnapshotPoint>> PointsAsync(IPortalDbContext db, Guid clusterId, CancellationToken ct)
    {
        var claims = (await db.ObservedClaims.AsNoTracking().Where(c => c.ClusterId == clusterId).Select(c => new { c.Namespace, c.Name }).ToListAsync(ct))
            .ToLookup(c => c.Namespace, c => c.Name, StringComparer.Ordinal);
        var snapshots = (await db.ObservedSnapshots.AsNoTracking().Where(s => s.ClusterId == clusterId)
                .Select(s => new { s.Namespace, s.ClaimName, s.TakenAt }).ToListAsync(ct))
            .ToLookup(s => s.Namespace, s => new SnapshotFact(s.ClaimName, true, s.TakenAt), StringComparer.Ordinal);
        return claims.Select(c => c.Key).Concat(snapshots.Select(s => s.Key)).Distinct(StringComparer.Ordinal)
            .ToDictionary(ns => ns, ns => SnapshotRecoveryPoint.Of(claims[ns].ToList(), snapshots[ns]), StringComparer.Ordinal);
    }
}
