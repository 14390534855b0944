using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;

namespace Portal.Execution.Recovery;

/// <summary>
/// Makes sure no drill leaves anything behind: drills whose request ended without them (rejected, cancelled: not run; failed
/// after retries: failed, and what they made removed), ended drills whose clean-up is pending or failed, kept drills whose time is
/// up, and scratch namespaces found on a cluster whose drill has ended and is not kept. Every replica runs it; each step is
/// idempotent (deleting what is gone is fine) and the drill rows are written under their version.
/// </summary>
internal sealed class DrillSweeper(IPortalDbContextFactory factory, IRequestStatusNotifier notifier, DrillCleanup cleanup, IDrillClusterGateway drills, ClusterConnections connections,
    IOptions<DrillOptions> options, TimeProvider time, ILogger<DrillSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Sweeping restore drills failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One round; the number of drills whose scratch namespace was removed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await SettleOrphansAsync(ct);
        var removed = 0;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            var now = time.GetUtcNow();
            var candidates = await db.RestoreDrills.AsNoTracking()
                .Where(d => d.CleanupState == DrillCleanupState.Pending || d.CleanupState == DrillCleanupState.Failed || d.CleanupState == DrillCleanupState.Kept)
                .ToListAsync(ct);
            var due = candidates.Where(d => d.DueForCleanup(now)).ToList();
            // the clusters they restored on, in one query
            var targetIds = due.Select(d => d.TargetClusterId).Distinct().ToList();
            var targets = due.Count == 0
                ? new Dictionary<Guid, Cluster>()
                : await db.Clusters.AsNoTracking().Where(c => targetIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            foreach (var drill in due)
                if (await CleanAsync(drill, targets.GetValueOrDefault(drill.TargetClusterId), ct)) removed++;
        }
        await SweepClustersAsync(ct);
        return removed;
    }

    /// <summary>Drills whose request ended while they had not: never run (rejected, cancelled), or failed by the runner.</summary>
    private async Task SettleOrphansAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        RequestStatus[] ended = [RequestStatus.Succeeded, RequestStatus.PartiallyFailed, RequestStatus.Failed, RequestStatus.Rejected, RequestStatus.Cancelled];
        DrillStatus[] running = [DrillStatus.Pending, DrillStatus.Restoring, DrillStatus.Verifying];
        var orphans = await (from d in db.RestoreDrills.AsNoTracking()
                             join r in db.Requests.AsNoTracking() on d.RequestId equals r.Id
                             where running.Contains(d.Status) && ended.Contains(r.Status)
                             select new { d.Id, d.Status, RequestStatus = r.Status, r.FailureReason }).ToListAsync(ct);
        foreach (var o in orphans)
        {
            var now = time.GetUtcNow();
            await DrillRows.UpdateAsync(factory, notifier, o.Id, d =>
            {
                if (d.IsTerminal) return;
                if (d.Status == DrillStatus.Pending && o.RequestStatus is RequestStatus.Rejected or RequestStatus.Cancelled)
                    d.NotRun($"The drill's request was {o.RequestStatus.ToString().ToLowerInvariant()}.", now);
                else if (d.Status == DrillStatus.Pending) d.Fail(o.FailureReason ?? "The drill's request ended before the drill started.", null, now);
                else d.Interrupt($"The drill's request ended ({o.RequestStatus}) while \"{d.Step}\": {o.FailureReason ?? "no reason given"}. What it made was removed.", now);
            }, ct);
        }
    }

    /// <summary>A target no longer registered has nothing left to remove.</summary>
    private async Task<bool> CleanAsync(RestoreDrill drill, Cluster? target, CancellationToken ct)
    {
        var error = target is null ? null : await cleanup.RunAsync(drill, target, ct);
        var now = time.GetUtcNow();
        await DrillRows.UpdateAsync(factory, notifier, drill.Id, d =>
        {
            if (!d.DueForCleanup(now)) return; // someone else cleaned it up, or kept it longer
            if (error is null) d.CleanedUp(now);
            else d.CleanupFailed(error, now);
        }, ct);
        if (error is null)
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
            db.Audit("portal (drill sweeper)", now, "drill.cleaned-up", "restore-drill", drill.Id.ToString(),
                $"Scratch namespace {drill.ScratchNamespaceName} of the drill of {drill.Namespace} removed" + (drill.CleanupState == DrillCleanupState.Kept ? " (kept for inspection until then)" : ""),
                drill.TenantId);
            await db.SaveChangesAsync(ct);
        }
        else log.LogWarning("Clean-up of drill {Drill} failed: {Error}", drill.Id, error);
        return error is null;
    }

    /// <summary>Scratch namespaces still on a cluster although their drill ended and is not kept (a namespace left by a clean-up
    /// that reported success too early, or by a crash between the delete and the record): removed again. A cluster whose last health
    /// check found it Unreachable (a lost cluster, say) is not asked: it is swept again once the health monitor sees it answer.</summary>
    private async Task SweepClustersAsync(CancellationToken ct)
    {
        List<Cluster> clusters;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
            clusters = (await db.Clusters.AsNoTracking().Where(c => c.Health != ClusterHealth.Unreachable).ToListAsync(ct))
                .Where(c => !c.IsRetired && c.Capabilities.VeleroInstalled).ToList();
        foreach (var cluster in clusters)
        {
            IReadOnlyList<ScratchNamespaceInfo> found;
            try
            {
                found = await drills.ListScratchNamespacesAsync(connections.For(cluster), ct);
            }
            catch (ClusterAccessException ex)
            {
                log.LogDebug("Drill sweep skips {Cluster}: {Message}", cluster.Name, ex.Message);
                continue;
            }
            var ids = found.Where(f => !f.Terminating).Select(f => f.DrillId).ToList();
            if (ids.Count == 0) continue;
            List<RestoreDrill> rows;
            await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
                rows = await db.RestoreDrills.AsNoTracking().Where(d => ids.Contains(d.Id) && d.TargetClusterId == cluster.Id).ToListAsync(ct);
            foreach (var drill in rows.Where(d => d.IsTerminal && d.CleanupState == DrillCleanupState.Done))
            {
                var error = await cleanup.RunAsync(drill, cluster, ct);
                if (error is not null) log.LogWarning("Removing the leftover scratch namespace of drill {Drill} failed: {Error}", drill.Id, error);
            }
        }
    }
}
