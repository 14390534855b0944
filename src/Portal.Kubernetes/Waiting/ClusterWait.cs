using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes;

/// <summary>One object a wait follows: where it lives (group, version, plural as the API serves them), how messages
/// name it (<c>Deployment web</c>, <c>claim data-0</c>), and, when a wait mixes kinds, its own condition.</summary>
public sealed record AwaitedObject(string Group, string Version, string Plural, string Namespace, string Name, string Label,
    WaitCondition? Condition = null);

/// <summary>What a condition says about one object's current state: it holds, or why not yet, in words.</summary>
public sealed record Readiness(bool Holds, string Reason)
{
    public static Readiness Ready(string reason = "ready") => new(true, reason);

    public static Readiness NotYet(string reason) => new(false, reason);
}

/// <summary>A condition over one object's current state; <c>null</c> when the object does not exist (which may be what
/// the wait is for: "gone"), so every condition says what absence means for it.</summary>
public delegate Readiness WaitCondition(JsonElement? current);

/// <summary>
/// The one way the portal waits on a cluster: until a condition holds for every object of a set, or a time limit
/// passes. Each object is followed by the shared resilient watch (<see cref="KubeWatch"/>: GET, then a watch by name
/// from that resourceVersion, 410 re-list, reconnect with backoff), so nothing is polled on a timer and a change is
/// seen as soon as the API server sends it. The limit runs on the injected <see cref="TimeProvider"/>; when it passes,
/// <see cref="ClusterWaitTimeoutException"/> names every object that is not there yet and why. An object is done
/// once its condition held (a wait is for reaching a state, not for keeping it). A cluster fault that a watch cannot
/// ride out (401/403, or transient faults past the watch's own retries) ends the whole wait with that fault.
/// </summary>
public sealed class ClusterWait(IKubernetesClientFactory clients, IOptions<KubernetesGatewayOptions> options, ILogger logger,
    TimeProvider time)
{
    /// <param name="condition">Applies to every object that brings no condition of its own.</param>
    /// <param name="goal">What the condition means, for the time-out message: "available", "stopped", "bound".</param>
    /// <param name="onWaiting">Called (one call at a time) each time the set of objects still waited for changes, so a
    /// step can show its progress ("Waiting for Deployment web (1 of 3 available)").</param>
    public async Task UntilAsync(ClusterConnection cluster, IReadOnlyList<AwaitedObject> objects, WaitCondition condition, string goal,
        TimeSpan limit, Func<IReadOnlyList<NotReadyObject>, CancellationToken, Task>? onWaiting, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(condition);
        if (objects.Count == 0)
        {
            return;
        }

        using var timeLimit = new CancellationTokenSource(limit, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, timeLimit.Token);
        var progress = new WaitProgress(objects, onWaiting);
        var followers = objects.Select((o, i) => FollowAsync(cluster, o, i, condition, progress, stop, stop.Token)).ToList();
        try
        {
            await Task.WhenAll(followers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeLimit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            var notReady = progress.NotReady();
            logger.LogInformation("Wait for {Goal} on {Cluster} ran out after {Limit}: {NotReady}", goal, cluster.ClusterName, limit,
                string.Join(", ", notReady));
            throw new ClusterWaitTimeoutException(goal, limit, notReady);
        }
    }

    private async Task FollowAsync(ClusterConnection cluster, AwaitedObject o, int index, WaitCondition condition, WaitProgress progress,
        CancellationTokenSource stop, CancellationToken ct)
    {
        var describe = o.Group.Length == 0 ? o.Plural : $"{o.Plural}.{o.Group}";
        var target = new WatchTarget<Readiness>(o.Group, o.Version, o.Plural, o.Namespace, o.Name, describe,
            c => GetAsync(cluster, o, describe, c),
            (obj, _) => Task.FromResult((o.Condition ?? condition)(obj)),
            r => r.Holds,
            (a, b) => a == b,
            _ => new ClusterAccessException(ClusterFault.NotFound, $"{o.Label} does not exist in namespace '{o.Namespace}' on {cluster}."),
            () => (o.Condition ?? condition)(null));
        try
        {
            await foreach (var state in KubeWatch.FollowAsync(clients, options.Value, logger, time, cluster, target, ct).ConfigureAwait(false))
            {
                await progress.SetAsync(index, state, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One object the wait cannot follow ends the wait: the others stop at once instead of running to the limit.
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<JsonElement?> GetAsync(ClusterConnection cluster, AwaitedObject o, string describe, CancellationToken ct)
    {
        try
        {
            return KubeCalls.AsJson(await KubeCalls.RunAsync(clients, logger, cluster, new KubeOperation("get", describe, o.Namespace, o.Name),
                (k, c) => k.CustomObjects.GetNamespacedCustomObjectAsync(o.Group, o.Version, o.Namespace, o.Plural, o.Name, c), ct)
                .ConfigureAwait(false));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return null;
        }
    }

    /// <summary>The latest state of every object, and the progress reports, one at a time.</summary>
    private sealed class WaitProgress(IReadOnlyList<AwaitedObject> objects, Func<IReadOnlyList<NotReadyObject>, CancellationToken, Task>? onWaiting)
    {
        private readonly Readiness?[] _states = new Readiness?[objects.Count];
        private readonly SemaphoreSlim _gate = new(1, 1);
        private IReadOnlyList<NotReadyObject> _reported = [];

        public async Task SetAsync(int index, Readiness state, CancellationToken ct)
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                bool allRead;
                lock (_states)
                {
                    _states[index] = state;
                    allRead = _states.All(s => s is not null);
                }

                if (onWaiting is null || !allRead)
                {
                    return; // report once every object has been read, not one object at a time at the start
                }

                var now = NotReady();
                if (now.Count > 0 && !now.SequenceEqual(_reported))
                {
                    _reported = now;
                    await onWaiting(now, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        public IReadOnlyList<NotReadyObject> NotReady()
        {
            lock (_states)
            {
                return objects.Select((o, i) => _states[i] switch
                {
                    null => new NotReadyObject(o.Label, "not read yet"),
                    { Holds: true } => null,
                    { } s => new NotReadyObject(o.Label, s.Reason),
                }).OfType<NotReadyObject>().ToList();
            }
        }
    }
}
