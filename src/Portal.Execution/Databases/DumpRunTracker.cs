using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Databases;
using Portal.Databases.Messages;

namespace Portal.Execution.Databases;

/// <summary>
/// Records the dumps nobody asked for by request: the runs a schedule's CronJob (or CloudNativePG ScheduledBackup) makes
/// on its own. Every round, per cluster, one LIST per active schedule (its Jobs by the schedule label, or its Backups by
/// the operator's label), each run handed to the <see cref="DumpRunRecorder"/>, which writes only what changed. Clusters
/// are tracked side by side: one that is down is logged and skipped, and one still busy from the last round is left to
/// finish, so neither holds back the others. Every replica runs it; the recorder's unique run key keeps them from
/// recording a run twice.
/// </summary>
internal sealed class DumpRunTracker(IPortalDbContextFactory factory, ClusterConnections connections, IDatabaseWorkloadGateway gateway,
    DumpRunRecorder recorder, IOptions<DatabaseDumpOptions> options, ILogger<DumpRunTracker> log) : BackgroundService
{
    private readonly Dictionary<Guid, Task> _busy = [];
    private readonly Lock _gate = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TrackInterval);
        do
        {
            try
            {
                // Only the start is awaited: the round's clusters go on while the timer ticks.
                await StartRoundAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Could not read the active dump schedules; trying again next round");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One whole round, for tests and callers that want it done: returns once every cluster of it is tracked.</summary>
    public async Task TrackOnceAsync(CancellationToken ct) => await await StartRoundAsync(ct);

    /// <summary>Reads the active schedules and starts one tracking task per cluster not still busy; the returned
    /// task completes when those are done.</summary>
    internal async Task<Task> StartRoundAsync(CancellationToken ct)
    {
        List<DumpSchedule> schedules;
        Dictionary<Guid, Cluster> clusters;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            schedules = await db.DumpSchedules.AsNoTracking().Where(s => s.State == DumpScheduleState.Active).ToListAsync(ct);
            var ids = schedules.Select(s => s.ClusterId).Distinct().ToList();
            clusters = await db.Clusters.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        }

        var started = new List<Task>();
        lock (_gate)
        {
            foreach (var group in schedules.Where(s => clusters.ContainsKey(s.ClusterId)).GroupBy(s => s.ClusterId))
            {
                if (_busy.TryGetValue(group.Key, out var running) && !running.IsCompleted)
                {
                    log.LogDebug("Cluster {Cluster} is still being tracked from the last round; skipping it this round", clusters[group.Key].Name);
                    continue;
                }

                var task = TrackClusterAsync(clusters[group.Key], group.ToList(), ct);
                _busy[group.Key] = task;
                started.Add(task);
            }
        }

        return Task.WhenAll(started);
    }

    private async Task TrackClusterAsync(Cluster cluster, List<DumpSchedule> schedules, CancellationToken ct)
    {
        await Task.Yield(); // the round goes on starting the other clusters
        using var scope = log.BeginScope("Dump tracking on cluster {Cluster}", cluster.Name);
        try
        {
            var connection = connections.For(cluster);
            foreach (var schedule in schedules)
            {
                try
                {
                    await TrackScheduleAsync(connection, schedule, ct);
                }
                catch (ClusterAccessException ex) when (!ex.IsTransient && ex.Fault is not ClusterFault.Unauthorized)
                {
                    // About this schedule's namespace or objects (forbidden, gone): the other schedules may be fine.
                    log.LogWarning("Could not read the runs of dump schedule {Schedule} in {Namespace}: {Message}", schedule.Name, schedule.Namespace, ex.Message);
                }
            }
        }
        catch (ClusterAccessException ex)
        {
            log.LogWarning("Cluster {Cluster} skipped this round: {Message}", cluster.Name, ClusterConnections.Explain(ex, cluster.Name));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Tracking the dumps on cluster {Cluster} failed unexpectedly", cluster.Name);
        }
    }

    private async Task TrackScheduleAsync(ClusterConnection connection, DumpSchedule schedule, CancellationToken ct)
    {
        if (schedule.Method == DumpMethod.CloudNativePg)
        {
            var backups = await gateway.ListCnpgBackupsAsync(connection, schedule.Namespace, OperatorBackups.ScheduledRunsSelector(schedule), ct);
            var runs = backups
                .Select(b => (Name: b["metadata"]?["name"]?.GetValue<string>() ?? "", Status: CnpgBackupStatus.Parse(b)))
                .Where(b => b.Name.Length > 0)
                .ToList();
            await recorder.RecordBackupsAsync(schedule, runs, DumpTrigger.Schedule, null, ct);
            return;
        }

        var jobs = await gateway.ListJobRunsAsync(connection, schedule.Namespace, DumpWorkloads.ScheduledRunsSelector(schedule), ct);
        await recorder.RecordJobsAsync(schedule, jobs, DumpTrigger.Schedule, null, ct);
    }
}
