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

/// <summary>What following one cluster needs, shared by every cluster a replica follows.</summary>
/// <param name="CheckCluster">Checks the cluster's connection the one way (and records its health, audited), when a
/// watch gives up and when it is back.</param>
internal sealed record FollowServices(IPortalDbContextFactory Factory, IVeleroFollowGateway Gateway, NamespaceStatusReader Reader,
    IProtectionStatusNotifier Notifier, ProtectionOptions Options, TimeProvider Time, ILogger Log,
    Func<Guid, CancellationToken, Task> CheckCluster);

/// <summary>Namespaces per status on one cluster, from its last recompute (for the gauge).</summary>
internal sealed record StatusCounts(string Cluster, int Protected, int AtRisk, int Unprotected);

/// <summary>
/// Follows one cluster's Velero objects while this replica holds its lease: four watches (Backups, Schedules, storage
/// and snapshot locations) write what they see at once (<see cref="ObservedBackup"/>, <see cref="ObservedLocation"/>),
/// and a burst of events is followed by one recompute of the drift of the cluster's protections, the RPO facts of its
/// namespaces and today's compliance counts. A watch that gives up (the cluster is down) leaves the last facts as they
/// are, has the cluster's connection checked (so the cluster shows Unreachable, with the reason, wherever it is shown)
/// and is started again with backoff; its first event after that is a fresh list, and the cluster is checked again.
/// </summary>
internal sealed class ClusterFollow(Guid clusterId, string clusterName, ClusterConnection connection, string veleroNamespace, FollowServices s)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ObservedBackup> _backups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VeleroScheduleInfo> _schedules = new(StringComparer.Ordinal);
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private bool _schedulesListed;
    /// <summary>A location changed since the last recompute: every namespace's status may have (no fact did).</summary>
    private bool _locationsChanged;
    private Dictionary<string, Guid> _tenantOf = new(StringComparer.Ordinal);

    public Guid ClusterId => clusterId;
    public StatusCounts? Counts { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        await using (var db = await s.Factory.CreateAsync(TenantScope.Everything, ct))
            _tenantOf = await TenantsOfAsync(db, ct);
        await Task.WhenAll(
            PumpAsync("Backups", c => s.Gateway.FollowBackupsAsync(connection, veleroNamespace, c), OnBackupsAsync, ct, checksCluster: true),
            PumpAsync("Schedules", c => s.Gateway.FollowSchedulesAsync(connection, veleroNamespace, c), OnSchedules, ct),
            PumpAsync("BackupStorageLocations", c => s.Gateway.FollowLocationsAsync(connection, veleroNamespace, LocationKind.BackupStorage, c),
                (e, c) => OnLocationsAsync(LocationKind.BackupStorage, e, c), ct),
            PumpAsync("VolumeSnapshotLocations", c => s.Gateway.FollowLocationsAsync(connection, veleroNamespace, LocationKind.VolumeSnapshot, c),
                (e, c) => OnLocationsAsync(LocationKind.VolumeSnapshot, e, c), ct),
            RecomputeLoopAsync(ct));
    }

    /// <summary>One collection, followed until cancelled; a watch that gives up is started again after a backoff.</summary>
    /// <param name="checksCluster">This collection's watch (one per cluster) has the cluster checked when it gives up and
    /// when it is back.</param>
    private async Task PumpAsync<T>(string what, Func<CancellationToken, IAsyncEnumerable<FollowEvent<T>>> follow,
        Func<FollowEvent<T>, CancellationToken, Task> handle, CancellationToken ct, bool checksCluster = false)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in follow(ct).WithCancellation(ct))
                {
                    await handle(e, ct);
                    _dirty.Writer.TryWrite(true);
                    if (failures > 0 && checksCluster) await CheckClusterAsync(ct);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ClusterAccessException ex)
            {
                s.Log.LogWarning("Following {What} on {Cluster} stopped ({Fault}): {Message} The last facts stay as they are.",
                    what, clusterName, ex.Fault, ClusterConnections.Explain(ex, clusterName));
                if (failures == 0 && checksCluster) await CheckClusterAsync(ct);
            }
            catch (Exception ex)
            {
                s.Log.LogError(ex, "Following {What} on {Cluster} failed; listing again", what, clusterName);
            }

            failures++;
            try
            {
                await Task.Delay(RetryRules.WatchReconnect(s.Options.FollowRetryBase).Delay(failures), s.Time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckClusterAsync(CancellationToken ct)
    {
        try
        {
            await s.CheckCluster(clusterId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            s.Log.LogDebug(ex, "Could not check cluster {Cluster}", clusterName);
        }
    }

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

    /// <summary>After a burst of events settles (or every <see cref="ProtectionOptions.RefreshInterval"/>), works the
    /// cluster's drift, facts and counts out once.</summary>
    private async Task RecomputeLoopAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using (var refresh = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    refresh.CancelAfter(s.Options.RefreshInterval);
                    try
                    {
                        await _dirty.Reader.ReadAsync(refresh.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // time for a refresh without events
                    }
                }

                await Task.Delay(s.Options.RecomputeDelay, s.Time, ct);
                _dirty.Reader.TryRead(out _); // events of the burst are in this recompute
                await RecomputeAsync(ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                s.Log.LogWarning(ex, "Working out the protection status of cluster {Cluster} failed; trying again", clusterName);
                _dirty.Writer.TryWrite(true);
                try
                {
                    await Task.Delay(RetryRules.WatchReconnect(s.Options.FollowRetryBase).Delay(failures), s.Time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

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
        var index = new BackupIndex(backups);
        var ownProtection = protections.Where(p => p.Target == ProtectionTarget.Namespace).ToDictionary(p => p.Namespace, StringComparer.Ordinal);
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
        }

        db.NamespaceRpoStates.RemoveRange(states.Where(r => !tenantOf.ContainsKey(r.Namespace)));
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

    /// <summary>Today's counts per tenant on this cluster, from the one status reader; the gauge's figures too.</summary>
    private async Task RecordComplianceAsync(IPortalDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var statuses = await s.Reader.ReadAsync(db, db.TenantNamespaces.Where(n => n.ClusterId == clusterId), ct);
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

    private async Task<Dictionary<string, Guid>> TenantsOfAsync(IPortalDbContext db, CancellationToken ct) =>
        await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == clusterId)
            .ToDictionaryAsync(n => n.Namespace, n => n.TenantId, StringComparer.Ordinal, ct);
}
