using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Clusters.Check;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Protection;
using Portal.Application.Features.Protection.Status;
using Portal.Application.Security;
using Portal.Application.Telemetry;

namespace Portal.Execution.Protection;

/// <summary>
/// Keeps the protection status current. Every replica runs it; each cluster (not retired, with Velero) is followed by
/// exactly one replica at a time: the one holding its <see cref="Portal.Domain.Protection.ClusterFollowLease"/>. The lease is
/// renewed every third of <see cref="ProtectionOptions.LeaseDuration"/>; a replica whose renewal fails stops following
/// at once (another has it, or the database is out of reach), and a replica that dies is replaced once its lease
/// expires. Leases are released on shutdown.
/// </summary>
internal sealed class ProtectionFollower(IServiceScopeFactory scopes, IPortalDbContextFactory factory, ClusterConnections connections, IVeleroFollowGateway gateway,
    NamespaceStatusReader reader, IProtectionStatusNotifier notifier, FollowLeases leases, IOptions<ProtectionOptions> options,
    IOptions<ExecutionOptions> execution, TimeProvider time, ILogger<ProtectionFollower> log) : BackgroundService
{
    private readonly Dictionary<Guid, (ClusterFollow Follow, CancellationTokenSource Stop, Task Run)> _following = [];
    private readonly Lock _gate = new();
    private IDisposable? _gauge;

    private string Holder => execution.Value.WorkerId;

    /// <summary>The clusters this replica follows right now.</summary>
    public IReadOnlyCollection<Guid> Following
    {
        get { lock (_gate) return _following.Where(f => !f.Value.Run.IsCompleted).Select(f => f.Key).ToList(); }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _gauge = PortalTelemetry.ObserveProtectionStatus(Measure);
        var services = new FollowServices(factory, gateway, reader, notifier, options.Value, time, log, CheckClusterAsync, RecordGitOpsAsync,
            RecordSnapshotsAsync);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RoundAsync(services, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    log.LogWarning(ex, "The protection follower's lease round failed; trying again");
                }

                try
                {
                    await Task.Delay(options.Value.LeaseDuration / 3, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            _gauge.Dispose();
            await StopAllAsync();
        }
    }

    /// <summary>Renews the leases of the clusters followed (stopping those it cannot renew), lets go of clusters no longer
    /// to follow, and takes the free or expired leases of the others.</summary>
    private async Task RoundAsync(FollowServices services, CancellationToken ct)
    {
        List<Portal.Domain.Clusters.Cluster> clusters;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
            clusters = (await db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null).ToListAsync(ct))
                .Where(c => c.Capabilities.VeleroInstalled).ToList();
        var wanted = clusters.ToDictionary(c => c.Id);

        foreach (var id in Following.Concat(Finished()).Distinct().ToList())
        {
            if (!wanted.ContainsKey(id))
            {
                await StopAsync(id, release: true);
                continue;
            }

            bool renewed;
            try
            {
                renewed = await leases.TryTakeAsync(id, Holder, options.Value.LeaseDuration, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Could not renew the follow lease of cluster {Cluster}; stopping", wanted[id].Name);
                renewed = false;
            }

            if (!renewed)
            {
                log.LogInformation("Lost the follow lease of cluster {Cluster}; another replica follows it now", wanted[id].Name);
                await StopAsync(id, release: false);
            }
        }

        foreach (var cluster in clusters)
        {
            bool running;
            lock (_gate) running = _following.TryGetValue(cluster.Id, out var f) && !f.Run.IsCompleted;
            if (running) continue;
            ClusterConnection connection;
            try
            {
                if (!await leases.TryTakeAsync(cluster.Id, Holder, options.Value.LeaseDuration, ct)) continue;
                connection = connections.For(cluster);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Could not start following cluster {Cluster}; trying again next round", cluster.Name);
                continue;
            }

            var follow = new ClusterFollow(cluster.Id, cluster.Name, connection, ClusterConnections.VeleroNamespaceOf(cluster), services);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            log.LogInformation("Following the Velero objects of cluster {Cluster} (replica {Holder})", cluster.Name, Holder);
            lock (_gate) _following[cluster.Id] = (follow, stop, Task.Run(() => follow.RunAsync(stop.Token), CancellationToken.None));
        }
    }

    /// <summary>The cluster's connection checked as the health monitor checks it (as the system, health recorded and audited).</summary>
    private async Task CheckClusterAsync(Guid clusterId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal = CurrentPrincipal.System;
        await scope.ServiceProvider.GetRequiredService<CheckClusterConnection>().HandleAsync(new CheckClusterConnectionCommand(clusterId), ct);
    }

    /// <summary>Records the GitOps objects deploying the cluster's tenant namespaces, so a recovery can re-create them.</summary>
    private async Task RecordGitOpsAsync(Guid clusterId, ClusterConnection connection, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        await scope.ServiceProvider.GetRequiredService<Portal.Application.Features.Moves.Recovery.GitOpsRecords>()
            .RecordAsync(db, clusterId, connection, time.GetUtcNow(), ct);
    }

    /// <summary>Records the ready CSI snapshots and bound claims of the cluster's tenant namespaces (snapshot recovery points).</summary>
    private async Task<bool> RecordSnapshotsAsync(Guid clusterId, ClusterConnection connection, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        return await scope.ServiceProvider.GetRequiredService<Portal.Application.Features.Protection.Snapshots.SnapshotRecords>()
            .RecordAsync(db, clusterId, connection, time.GetUtcNow(), ct);
    }

    private List<Guid> Finished()
    {
        lock (_gate) return _following.Where(f => f.Value.Run.IsCompleted).Select(f => f.Key).ToList();
    }

    private async Task StopAsync(Guid clusterId, bool release)
    {
        (ClusterFollow Follow, CancellationTokenSource Stop, Task Run) f;
        lock (_gate)
        {
            if (!_following.Remove(clusterId, out f)) return;
        }

        await f.Stop.CancelAsync();
        try
        {
            await f.Run;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ClusterAccessException)
        {
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Following cluster {Cluster} ended with an error", clusterId);
        }

        f.Stop.Dispose();
        if (!release) return;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(clusterId, Holder, limit.Token);
        }
        catch (Exception ex)
        {
            log.LogDebug(ex, "Could not release the follow lease of cluster {Cluster}; it expires on its own", clusterId);
        }
    }

    private async Task StopAllAsync()
    {
        List<Guid> ids;
        lock (_gate) ids = [.. _following.Keys];
        await Task.WhenAll(ids.Select(id => StopAsync(id, release: true)));
    }

    private IEnumerable<Measurement<long>> Measure()
    {
        List<StatusCounts> counts;
        lock (_gate) counts = _following.Values.Select(f => f.Follow.Counts).OfType<StatusCounts>().ToList();
        foreach (var c in counts)
        {
            yield return Count(c.Protected, c.Cluster, "Protected");
            yield return Count(c.AtRisk, c.Cluster, "AtRisk");
            yield return Count(c.Unprotected, c.Cluster, "Unprotected");
        }
    }

    private static Measurement<long> Count(int value, string cluster, string status) =>
        new(value, new KeyValuePair<string, object?>(PortalTelemetry.Tags.Cluster, cluster),
            new KeyValuePair<string, object?>(PortalTelemetry.Tags.RpoStatus, status));
}
