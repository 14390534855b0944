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
/// <param name="RecordGitOps">Records the GitOps objects deploying the cluster's tenant namespaces (for a recovery).</param>
/// <param name="CheckCluster">Checks the cluster's connection the one way (and records its health, audited), when a
/// watch gives up and when it is back.</param>
/// <param name="RecordSnapshots">Records the ready CSI snapshots and bound claims of the cluster's tenant namespaces; true when a
/// row changed.</param>
internal sealed record FollowServices(IPortalDbContextFactory Factory, IVeleroFollowGateway Gateway, NamespaceStatusReader Reader,
    IProtectionStatusNotifier Notifier, ProtectionOptions Options, TimeProvider Time, ILogger Log,
    Func<Guid, CancellationToken, Task> CheckCluster, Func<Guid, ClusterConnection, CancellationToken, Task>? RecordGitOps = null,
    Func<Guid, ClusterConnection, CancellationToken, Task<bool>>? RecordSnapshots = null);

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
internal sealed partial class ClusterFollow(Guid clusterId, string clusterName, ClusterConnection connection, string veleroNamespace, FollowServices s)
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
            RecomputeLoopAsync(ct),
            RecordGitOpsLoopAsync(ct),
            RecordSnapshotsLoopAsync(ct));
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

    private async Task<Dictionary<string, Guid>> TenantsOfAsync(IPortalDbContext db, CancellationToken ct) =>
        await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == clusterId)
            .ToDictionaryAsync(n => n.Namespace, n => n.TenantId, StringComparer.Ordinal, ct);
}
