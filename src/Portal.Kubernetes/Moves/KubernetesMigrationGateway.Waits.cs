using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Kubernetes.Moves;

/// <summary>The waits of moving an application, each on the one wait primitive (<see cref="ClusterWait"/>: watches,
/// a limit on the TimeProvider, progress when what is waited for changes), phrased for its step.</summary>
public sealed partial class KubernetesMigrationGateway
{
    public async Task WaitForPodsGoneAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<QuiescedWorkload> workloads, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(workloads);
        var awaited = new List<AwaitedObject>();
        foreach (var w in workloads.Where(w => w.Kind != "CronJob"))
        {
            // A kind the cluster no longer serves has no pods left to wait for.
            if (await _discovery.ResolveAsync(cluster, w.ApiVersion, w.Kind, ct).ConfigureAwait(false) is { } r)
            {
                awaited.Add(new AwaitedObject(r.Group, r.Version, r.Plural, @namespace, w.Name, $"{w.Kind} {w.Name}"));
            }
        }

        try
        {
            await _wait.UntilAsync(cluster, awaited, WaitConditions.WorkloadStopped, "stopped", limit,
                (notReady, _) => progress(Names(notReady)), ct).ConfigureAwait(false);
        }
        catch (ClusterWaitTimeoutException e)
        {
            throw new ClusterWaitTimeoutException(
                $"Pods of {string.Join(", ", Names(e.NotReady))} are still running {Durations.Words(limit)} after scaling to zero.", e.NotReady);
        }
    }

    public async Task WaitForWorkloadsReadyAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<QuiescedWorkload> workloads,
        TimeSpan limit, Func<IReadOnlyList<string>, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(workloads);
        var awaited = new List<AwaitedObject>();
        foreach (var w in workloads.Where(w => w.Kind is "Deployment" or "StatefulSet"))
        {
            var r = await _discovery.ResolveAsync(cluster, w.ApiVersion, w.Kind, ct).ConfigureAwait(false)
                ?? throw new ClusterAccessException(ClusterFault.NotFound, $"{cluster.ClusterName} does not serve {w.Kind} ({w.ApiVersion}).");
            awaited.Add(new AwaitedObject(r.Group, r.Version, r.Plural, @namespace, w.Name, $"{w.Kind} {w.Name}"));
        }

        try
        {
            await _wait.UntilAsync(cluster, awaited, WaitConditions.WorkloadAvailable, "ready", limit,
                (notReady, _) => progress(notReady.Select(n => n.ToString()).ToList()), ct).ConfigureAwait(false);
        }
        catch (ClusterWaitTimeoutException e)
        {
            throw new ClusterWaitTimeoutException(
                $"Not ready on {cluster.ClusterName} after {Durations.Words(limit)}: {string.Join(", ", e.NotReady)}.",
                e.NotReady);
        }
    }

    /// <summary>Lists the namespace's Deployments, StatefulSets and claims and waits on those not ready yet; lists again
    /// when they are (a GitOps sync may have added some meanwhile), until one list finds everything ready.</summary>
    public async Task<WorkloadReadiness> WaitForWorkloadsReadyAsync(ClusterConnection cluster, string @namespace, TimeSpan limit,
        Func<WorkloadReadiness, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var deadline = _time.GetUtcNow() + limit;
        IReadOnlyList<string>? reported = null;
        while (true)
        {
            var (readiness, pending) = await ReadReadinessAsync(cluster, @namespace, ct).ConfigureAwait(false);
            var left = deadline - _time.GetUtcNow();
            if (pending.Count == 0)
            {
                return readiness;
            }

            if (left <= TimeSpan.Zero)
            {
                throw NotReady(cluster, limit, readiness.NotReady, pending);
            }

            if (reported is null || !reported.SequenceEqual(readiness.NotReady))
            {
                reported = readiness.NotReady;
                await progress(readiness).ConfigureAwait(false);
            }

            try
            {
                await _wait.UntilAsync(cluster, pending, WaitConditions.WorkloadAvailable, "ready", left, async (notReady, _) =>
                {
                    var now = Still(readiness, pending, notReady);
                    reported = now.NotReady;
                    await progress(now).ConfigureAwait(false);
                }, ct).ConfigureAwait(false);
            }
            catch (ClusterWaitTimeoutException e)
            {
                throw NotReady(cluster, limit, e.NotReady.Select(n => $"{n.Name} ({n.Reason})").ToList(), pending);
            }
        }
    }

    private static ClusterWaitTimeoutException NotReady(ClusterConnection cluster, TimeSpan limit, IReadOnlyList<string> words,
        IReadOnlyList<AwaitedObject> pending) =>
        new($"Not ready on {cluster.ClusterName} after {Durations.Words(limit)}: {string.Join(", ", words)}.",
            pending.Select(p => new NotReadyObject(p.Label, "not ready")).ToList());

    /// <summary>The counts as one list found them, and the objects (with their own condition) not ready in it.</summary>
    private async Task<(WorkloadReadiness Readiness, IReadOnlyList<AwaitedObject> Pending)> ReadReadinessAsync(ClusterConnection cluster,
        string @namespace, CancellationToken ct)
    {
        var notReady = new List<string>();
        var pending = new List<AwaitedObject>();
        int workloads = 0, available = 0;
        foreach (var kind in new[] { "Deployment", "StatefulSet" })
        {
            var resource = await _discovery.ResolveAsync(cluster, "apps/v1", kind, ct).ConfigureAwait(false);
            foreach (var o in await ListAsync(cluster, "apps/v1", kind, @namespace, null, ct).ConfigureAwait(false))
            {
                workloads++;
                var state = WaitConditions.WorkloadAvailable(Element(o, kind));
                if (state.Holds)
                {
                    available++;
                    continue;
                }

                notReady.Add($"{kind} {NameOf(o)} ({state.Reason})");
                pending.Add(new AwaitedObject(resource!.Group, resource.Version, resource.Plural, @namespace, NameOf(o), $"{kind} {NameOf(o)}",
                    Gone(kind)));
            }
        }

        var claims = await ListAsync(cluster, "v1", "PersistentVolumeClaim", @namespace, null, ct).ConfigureAwait(false);
        var bound = 0;
        foreach (var claim in claims)
        {
            var state = WaitConditions.ClaimBound(Element(claim, "PersistentVolumeClaim"));
            if (state.Holds)
            {
                bound++;
                continue;
            }

            notReady.Add($"claim {NameOf(claim)} ({state.Reason})");
            pending.Add(new AwaitedObject("", "v1", "persistentvolumeclaims", @namespace, NameOf(claim), $"claim {NameOf(claim)}",
                Gone("PersistentVolumeClaim")));
        }

        return (new WorkloadReadiness(workloads, available, claims.Count, bound, notReady), pending);
    }

    /// <summary>The condition of one listed object; one deleted meanwhile is no longer part of the namespace, so there is
    /// nothing to wait for (the next list leaves it out).</summary>
    private static WaitCondition Gone(string kind) => o => o is null
        ? Readiness.Ready("gone")
        : kind == "PersistentVolumeClaim" ? WaitConditions.ClaimBound(o) : WaitConditions.WorkloadAvailable(Element(o.Value, kind));

    /// <summary>The progress while waiting: the listed counts, less the objects that became ready since.</summary>
    private static WorkloadReadiness Still(WorkloadReadiness listed, IReadOnlyList<AwaitedObject> pending, IReadOnlyList<NotReadyObject> notReady)
    {
        var nowReady = pending.Where(p => notReady.All(n => n.Name != p.Label)).ToList();
        var workloadsReady = nowReady.Count(p => !p.Label.StartsWith("claim ", StringComparison.Ordinal));
        return new WorkloadReadiness(listed.Workloads, listed.Available + workloadsReady, listed.Claims,
            listed.Bound + nowReady.Count - workloadsReady, notReady.Select(n => $"{n.Name} ({n.Reason})").ToList());
    }

    public async Task WaitForBackupSyncedAsync(ClusterConnection cluster, string veleroNamespace, string backupName, TimeSpan limit,
        Func<IReadOnlyList<string>, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var backup = new AwaitedObject(VeleroApi.Group, VeleroApi.Version, "backups", veleroNamespace, backupName, $"Backup {backupName}");
        try
        {
            await _wait.UntilAsync(cluster, [backup], o => o is { } b && VeleroStatusParser.ParseBackup(b).IsRestorable
                    ? Readiness.Ready("synced")
                    : Readiness.NotYet(o is null ? "not synced yet" : "not restorable"),
                "synced", limit, (notReady, _) => progress(Names(notReady)), ct).ConfigureAwait(false);
        }
        catch (ClusterWaitTimeoutException e)
        {
            throw new ClusterWaitTimeoutException(
                $"The Velero of {cluster.ClusterName} has not seen backup {backupName} {Durations.Words(limit)} after it completed: " +
                "check that both clusters have the same backup storage location (bucket and prefix) and that it is Available on both.", e.NotReady);
        }
    }

    public async Task<string> WaitForLoadBalancerAddressAsync(ClusterConnection cluster, string @namespace, string service, TimeSpan limit,
        Func<Task> waiting, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(waiting);
        string? address = null;
        var awaited = new AwaitedObject("", "v1", "services", @namespace, service, $"Service {@namespace}/{service}");
        var said = false;
        await _wait.UntilAsync(cluster, [awaited], o =>
            {
                address = LoadBalancerAddress(o);
                return address is not null ? Readiness.Ready("has an address") : Readiness.NotYet(o is null ? "not there yet" : "no address yet");
            },
            "given an address", limit, async (_, _) =>
            {
                if (said)
                {
                    return;
                }

                said = true;
                await waiting().ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        return address!;
    }

    /// <summary>The first address (IP, else host name) in a Service's <c>status.loadBalancer.ingress</c>.</summary>
    private static string? LoadBalancerAddress(JsonElement? service)
    {
        if (service is not { ValueKind: JsonValueKind.Object } svc
            || !svc.TryGetProperty("status", out var status) || !status.TryGetProperty("loadBalancer", out var lb)
            || !lb.TryGetProperty("ingress", out var ingress) || ingress.ValueKind != JsonValueKind.Array || ingress.GetArrayLength() == 0)
        {
            return null;
        }

        var first = ingress[0];
        foreach (var field in new[] { "ip", "hostname" })
        {
            if (first.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    public async Task WaitForDatabasesReadyAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<AwaitedDatabase> databases,
        TimeSpan limit, Func<IReadOnlyList<string>, Task> progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(databases);
        var awaited = new List<AwaitedObject>();
        foreach (var db in databases)
        {
            var isCluster = db.ApiVersion == CloudNativePgApiVersion && db.Kind == "Cluster";
            var label = isCluster ? $"CloudNativePG Cluster {db.Name}" : $"{db.Kind} {db.Name}";
            var resource = await _discovery.ResolveAsync(cluster, db.ApiVersion, db.Kind, ct).ConfigureAwait(false)
                ?? throw new ClusterAccessException(ClusterFault.NotFound,
                    $"{cluster.ClusterName} does not serve {db.Kind} ({db.ApiVersion}): {label} cannot start there.");
            awaited.Add(new AwaitedObject(resource.Group, resource.Version, resource.Plural, @namespace, db.Name, label,
                isCluster ? o => InstancesReady(o, cluster.ClusterName) : o => ReplicasReady(o, db.Kind, db.Replicas ?? 1)));
        }

        await _wait.UntilAsync(cluster, awaited, _ => Readiness.NotYet("not read"), "ready", limit,
            (notReady, _) => progress(notReady.Select(n => $"{n.Name} ({n.Reason})").ToList()), ct).ConfigureAwait(false);
    }

    /// <summary>A Deployment counts its available replicas, a StatefulSet its ready ones (as a database is waited for).</summary>
    private static Readiness ReplicasReady(JsonElement? workload, string kind, int wanted)
    {
        var have = Count(workload, "status", kind == "Deployment" ? "availableReplicas" : "readyReplicas") ?? 0;
        return have >= wanted ? Readiness.Ready() : Readiness.NotYet($"{have} of {wanted} ready");
    }

    private static Readiness InstancesReady(JsonElement? database, string clusterName)
    {
        if (database is null)
        {
            return Readiness.NotYet($"not on {clusterName}");
        }

        var have = Count(database, "status", "readyInstances") ?? 0;
        var wanted = Count(database, "spec", "instances") ?? 1;
        return have >= wanted ? Readiness.Ready() : Readiness.NotYet($"{have} of {wanted} instances ready");
    }

    private static int? Count(JsonElement? o, string section, string field) =>
        o is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(section, out var part) && part.ValueKind == JsonValueKind.Object
        && part.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n)
            ? n
            : null;

    private static IReadOnlyList<string> Names(IReadOnlyList<NotReadyObject> notReady) => notReady.Select(n => n.Name).ToList();

    /// <summary>The listed object as the conditions read it (with its kind, which a list's items may leave out).</summary>
    private static JsonElement Element(JsonNode o, string kind)
    {
        var copy = o.DeepClone().AsObject();
        copy["kind"] ??= kind;
        return JsonSerializer.SerializeToElement(copy);
    }

    private static JsonElement Element(JsonElement o, string kind)
    {
        if (o.ValueKind != JsonValueKind.Object || o.TryGetProperty("kind", out _))
        {
            return o;
        }

        return Element(JsonNode.Parse(o.GetRawText())!, kind);
    }
}
