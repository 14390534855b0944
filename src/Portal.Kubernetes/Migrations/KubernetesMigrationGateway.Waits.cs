using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Migrations;

namespace Portal.Kubernetes.Migrations;

public sealed partial class KubernetesMigrationGateway
{
    public Task WaitForPodsGoneAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<QuiescedWorkload> workloads, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(workloads);
        return WaitUntilAsync(async c =>
            {
                var running = new List<string>();
                foreach (var w in workloads.Where(w => w.Kind != "CronJob"))
                {
                    var o = await GetAsync(cluster, w.ApiVersion, w.Kind, @namespace, w.Name, c).ConfigureAwait(false);
                    if ((Int(o, "status.replicas") ?? 0) > 0 || (Int(o, "status.readyReplicas") ?? 0) > 0)
                    {
                        running.Add($"{w.Kind} {w.Name}");
                    }
                }

                return running;
            }, running => running, limit, progress,
            running => $"Pods of {string.Join(", ", running)} are still running {Words(limit)} after scaling to zero.", ct);
    }

    public Task<WorkloadReadiness> WaitForWorkloadsReadyAsync(ClusterConnection cluster, string @namespace, TimeSpan limit,
        Func<WorkloadReadiness, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return WaitUntilAsync(c => ReadReadinessAsync(cluster, @namespace, c), r => r.NotReady, limit, progress,
            notReady => $"Not ready on {cluster.ClusterName} after {Words(limit)}: {string.Join(", ", notReady)}.", ct);
    }

    private async Task<WorkloadReadiness> ReadReadinessAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        var notReady = new List<string>();
        int workloads = 0, available = 0;
        foreach (var kind in new[] { "Deployment", "StatefulSet" })
        {
            foreach (var o in await ListAsync(cluster, "apps/v1", kind, @namespace, null, ct).ConfigureAwait(false))
            {
                workloads++;
                var want = Int(o, "spec.replicas") ?? 1;
                var have = kind == "Deployment" ? Int(o, "status.availableReplicas") ?? 0 : Int(o, "status.readyReplicas") ?? 0;
                if (have >= want)
                {
                    available++;
                }
                else
                {
                    notReady.Add($"{kind} {NameOf(o)} ({have} of {want} {(kind == "Deployment" ? "available" : "ready")})");
                }
            }
        }

        var claims = await ListAsync(cluster, "v1", "PersistentVolumeClaim", @namespace, null, ct).ConfigureAwait(false);
        var bound = 0;
        foreach (var claim in claims)
        {
            var phase = Str(claim, "status.phase") ?? "Pending";
            if (phase == "Bound")
            {
                bound++;
            }
            else
            {
                notReady.Add($"claim {NameOf(claim)} ({phase})");
            }
        }

        return new WorkloadReadiness(workloads, available, claims.Count, bound, notReady);
    }

    public Task WaitForBackupSyncedAsync(ClusterConnection cluster, string veleroNamespace, string backupName, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return WaitUntilAsync(async c =>
            {
                var backup = await GetAsync(cluster, "velero.io/v1", "Backup", veleroNamespace, backupName, c).ConfigureAwait(false);
                var restorable = backup is not null && VeleroStatusParser.ParseBackup(System.Text.Json.JsonSerializer.SerializeToElement(backup)).IsRestorable;
                return restorable ? [] : (IReadOnlyList<string>)[$"Backup {backupName}"];
            }, missing => missing, limit, progress,
            _ => $"The Velero of {cluster.ClusterName} has not seen backup {backupName} {Words(limit)} after it completed: " +
                 "check that both clusters have the same backup storage location (bucket and prefix) and that it is Available on both.", ct);
    }

    /// <summary>
    /// The one way this gateway waits: looks at a set of objects until none is left not ready, or the limit passes.
    /// <paramref name="changed"/> is told each time the names of the objects not ready change (the first time too);
    /// when the limit passes, throws <see cref="ClusterWaitTimedOutException"/> with <paramref name="timedOut"/>'s words.
    /// On the injected <see cref="TimeProvider"/>. (To be backed by a watch: only this body changes.)
    /// </summary>
    private async Task<T> WaitUntilAsync<T>(Func<CancellationToken, Task<T>> look, Func<T, IReadOnlyList<string>> notReady, TimeSpan limit,
        Func<T, Task> changed, Func<IReadOnlyList<string>, string> timedOut, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + limit;
        IReadOnlyList<string>? last = null;
        while (true)
        {
            var state = await look(ct).ConfigureAwait(false);
            var waiting = notReady(state);
            if (waiting.Count == 0)
            {
                return state;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new ClusterWaitTimedOutException(timedOut(waiting), waiting);
            }

            if (last is null || !last.SequenceEqual(waiting))
            {
                await changed(state).ConfigureAwait(false);
            }

            last = waiting;
            await Task.Delay(_options.WaitPollInterval, _time, ct).ConfigureAwait(false);
        }
    }
}
