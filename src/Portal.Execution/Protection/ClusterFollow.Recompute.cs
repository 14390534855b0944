using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Protection;
using Portal.Application.Features.Protection.Snapshots;
using Portal.Application.Features.Protection.Status;
using Portal.Application.Resilience;
using Portal.Application.Security;
using Portal.Domain.Protection;

namespace Portal.Execution.Protection;

/// <summary>One recompute of a cluster: drift, facts, today's counts, notices.</summary>
internal sealed partial class ClusterFollow
{
    /// <summary>One recompute: drift of every active protection of the cluster, the facts of every namespace a tenant
    /// owns on it, today's compliance counts; then pages are told.</summary>
    internal async Task RecomputeAsync(CancellationToken ct)
    {
        var now = s.Time.GetUtcNow();
        List<ObservedBackup> backups;
        Dictionary<string, VeleroScheduleInfo>? schedules;
        bool locationsChanged;
        lock (_gate)
        {
            locationsChanged = _locationsChanged;
            _locationsChanged = false;
            backups = [.. _backups.Values];
            schedules = _schedulesListed ? new Dictionary<string, VeleroScheduleInfo>(_schedules, StringComparer.Ordinal) : null;
        }

        await using var db = await s.Factory.CreateAsync(TenantScope.Everything, ct);
        var tenantOf = await TenantsOfAsync(db, ct);
        var retag = !tenantOf.OrderBy(t => t.Key).SequenceEqual(_tenantOf.OrderBy(t => t.Key));
        _tenantOf = tenantOf;
        var protections = await db.NamespaceProtections.Where(p => p.ClusterId == clusterId && p.State == ProtectionState.Active).ToListAsync(ct);
        var policies = await db.ProtectionPolicies.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var changed = new HashSet<(Guid Tenant, string Namespace)>();

        if (schedules is not null)
        {
            foreach (var p in protections)
            {
                if (ScheduleDriftCheck.Judge(p, policies.GetValueOrDefault(p.PolicyId), schedules.GetValueOrDefault(p.ScheduleName)) is not { } judged) continue;
                if (judged.Drift == p.Drift && judged.Detail == p.DriftDetail) continue;
                p.RecordDrift(judged.Drift, judged.Detail, now);
                changed.Add((p.TenantId, p.Namespace));
            }
        }

        var defaultLocation = await db.ObservedLocations.AsNoTracking()
            .Where(l => l.ClusterId == clusterId && l.Kind == LocationKind.BackupStorage && l.IsDefault).Select(l => l.Name).FirstOrDefaultAsync(ct);
        var states = await db.NamespaceRpoStates.Where(r => r.ClusterId == clusterId).ToListAsync(ct);
        var stateOf = states.GroupBy(r => r.Namespace, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // A read-only location holds another cluster's backups (Velero syncs them in for restores there): they are
        // recovery points of that cluster's namespaces, not of this cluster's namespaces that share a name.
        var othersLocations = (await db.ObservedLocations.AsNoTracking()
            .Where(l => l.ClusterId == clusterId && l.Kind == LocationKind.BackupStorage && l.AccessMode == "ReadOnly").Select(l => l.Name).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var index = new BackupIndex(backups.Where(b => b.StorageLocation is null || !othersLocations.Contains(b.StorageLocation)));
        var ownProtection = protections.Where(p => p.Target == ProtectionTarget.Namespace).ToDictionary(p => p.Namespace, StringComparer.Ordinal);
        var snapshotPoints = await SnapshotRecords.PointsAsync(db, clusterId, ct);
        foreach (var (ns, tenant) in tenantOf)
        {
            var state = stateOf.GetValueOrDefault(ns);
            if (state is not null && state.TenantId != tenant)
            {
                db.NamespaceRpoStates.Remove(state); // another tenant's facts: start again for the new owner
                state = null;
            }

            if (state is null) db.NamespaceRpoStates.Add(state = new NamespaceRpoState(tenant, clusterId, ns, now));
            var protection = ownProtection.GetValueOrDefault(ns);
            var facts = RpoFacts.Of(ns, protection, protection is null ? null : policies.GetValueOrDefault(protection.PolicyId), index, defaultLocation);
            if (facts.ApplyTo(state, now)) changed.Add((tenant, ns));
            if (ApplySnapshotPoint(state, snapshotPoints.GetValueOrDefault(ns), now)) changed.Add((tenant, ns));
        }

        // The cluster's own resources, when a platform engineer protects them: facts under no tenant and no namespace.
        var clusterResources = protections.FirstOrDefault(p => p.Target == ProtectionTarget.ClusterResources);
        if (clusterResources is not null)
        {
            var state = stateOf.GetValueOrDefault("");
            if (state is null) db.NamespaceRpoStates.Add(state = new NamespaceRpoState(Guid.Empty, clusterId, "", now));
            var facts = RpoFacts.OfClusterResources(clusterResources, policies.GetValueOrDefault(clusterResources.PolicyId), index, defaultLocation);
            if (facts.ApplyTo(state, now)) changed.Add((Guid.Empty, ""));
        }

        db.NamespaceRpoStates.RemoveRange(states.Where(r => r.Namespace.Length == 0 ? clusterResources is null : !tenantOf.ContainsKey(r.Namespace)));
        if (retag) await RetagBackupsAsync(db, tenantOf, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The executor wrote a protection meanwhile: judge again with what it wrote.
            lock (_gate) _locationsChanged |= locationsChanged;
            _dirty.Writer.TryWrite(true);
            return;
        }

        await RecordComplianceAsync(db, now, ct);
        if (locationsChanged)
        {
            // Every namespace of the cluster may depend on the location: one notice per tenant, for all its namespaces here.
            foreach (var tenant in tenantOf.Values.Distinct()) s.Notifier.Notify(new ProtectionChange(tenant, clusterId, ""));
        }
        else
        {
            foreach (var (tenant, ns) in changed) s.Notifier.Notify(new ProtectionChange(tenant, clusterId, ns));
        }

        if (changed.Count > 0 || locationsChanged) s.Notifier.Notify(new ProtectionChange(Guid.Empty, clusterId, ""));
    }

    /// <summary>Copies the namespace's snapshot point (none recorded: no bound claim) onto the row; false when it is unchanged.</summary>
    private static bool ApplySnapshotPoint(NamespaceRpoState state, SnapshotPoint? point, DateTimeOffset now)
    {
        point ??= SnapshotRecoveryPoint.Of([], []);
        var gap = point.Gap is { Length: > 1000 } long_ ? long_[..1000] : point.Gap;
        if (state.SnapshotPointAt == point.At && state.SnapshotGap == gap) return false;
        (state.SnapshotPointAt, state.SnapshotGap, state.UpdatedAt) = (point.At, gap, now);
        return true;
    }

    /// <summary>Today's counts per tenant on this cluster, from the one status reader; the gauge's figures too; and the changes of
    /// status worth telling (<see cref="ProtectionStatusChanges"/>).</summary>
    private async Task RecordComplianceAsync(IPortalDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var statuses = await s.Reader.ReadAsync(db, new NamespaceStatusFilter(ClusterId: clusterId), s.Time.GetUtcNow(), ct);
        // A namespace that turned At risk or Unprotected since the last reading is told (once: the status is recorded with the event).
        await ProtectionStatusChanges.RecordAsync(db, clusterId, clusterName, statuses, now, ct);
        await db.SaveChangesAsync(ct);
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var days = await db.ComplianceDays.Where(d => d.Day == day && d.ClusterId == clusterId).ToListAsync(ct);
        foreach (var tenant in statuses.GroupBy(x => x.TenantId))
        {
            var row = days.FirstOrDefault(d => d.TenantId == tenant.Key);
            if (row is null) db.ComplianceDays.Add(row = new ComplianceDay(day, tenant.Key, clusterId));
            row.Protected = tenant.Count(x => x.Verdict.Status == ProtectionStatus.Protected);
            row.AtRisk = tenant.Count(x => x.Verdict.Status == ProtectionStatus.AtRisk);
            row.Unprotected = tenant.Count(x => x.Verdict.Status == ProtectionStatus.Unprotected);
            row.NonCompliant = tenant.Count(x => x.BelowMinimum is not null);
            row.RecordedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            s.Log.LogDebug(ex, "Today's compliance counts of {Cluster} were written by another replica meanwhile", clusterName);
        }

        Counts = new StatusCounts(clusterName,
            statuses.Count(x => x.Verdict.Status == ProtectionStatus.Protected),
            statuses.Count(x => x.Verdict.Status == ProtectionStatus.AtRisk),
            statuses.Count(x => x.Verdict.Status == ProtectionStatus.Unprotected));
    }

    /// <summary>A namespace claimed or given up: the backups of that one namespace now belong to its (new) tenant.</summary>
    private async Task RetagBackupsAsync(IPortalDbContext db, Dictionary<string, Guid> tenantOf, CancellationToken ct)
    {
        foreach (var row in await db.ObservedBackups.Where(b => b.ClusterId == clusterId).ToListAsync(ct))
        {
            var tenant = BackupIndex.SingleNamespace(row) is { } ns ? tenantOf.GetValueOrDefault(ns) : Guid.Empty;
            if (row.TenantId != tenant) row.TenantId = tenant;
        }
    }
}
