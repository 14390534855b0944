using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Telemetry;

namespace Portal.Kubernetes;

/// <summary>One object to follow to its end: where it lives, and how its state is read, compared and judged final.</summary>
/// <param name="Describe">How errors name the collection: <c>backups.velero.io</c>, <c>jobs.batch</c>.</param>
/// <param name="GetAsync">GETs the object; null when it does not exist.</param>
/// <param name="ObserveAsync">Reads a state from the object (may call the cluster again, e.g. for a Job's pods).</param>
/// <param name="Same">Whether two states differ in nothing the caller records, so only real changes are yielded.</param>
/// <param name="Gone">The error for an object that does not exist (false) or was deleted while followed (true).</param>
/// <param name="Absent">When set, a missing or deleted object is a state like any other (a wait for "gone", or for an
/// object someone else is about to create) instead of the <paramref name="Gone"/> error.</param>
/// <param name="Name">The one object followed; null follows the whole collection in <paramref name="Namespace"/>: then
/// <paramref name="GetAsync"/> LISTs it, <paramref name="ObserveAsync"/> reads the list (after every list and re-list, so
/// whatever was deleted meanwhile is seen missing), and <paramref name="Event"/> reads each watched object.</param>
/// <param name="Event">For a collection: the state yielded for one watched object added, modified or deleted.</param>
internal sealed record WatchTarget<T>(
    string Group, string Version, string Plural, string Namespace, string? Name, string Describe,
    Func<CancellationToken, Task<JsonElement?>> GetAsync,
    Func<JsonElement, CancellationToken, Task<T>> ObserveAsync,
    Func<T, bool> IsFinished,
    Func<T, T, bool> Same,
    Func<bool, ClusterAccessException> Gone,
    Func<T>? Absent = null,
    Func<WatchEventType, JsonElement, T>? Event = null)
{
    /// <summary>Whether a watched object is the one followed (any object of a followed collection).</summary>
    public bool Matches(JsonElement item) => Name is null || VeleroStatusParser.Name(item) == Name;
}

/// <summary>
/// The resilient watch both gateways follow their objects with (a Velero Backup or Restore, a dump Job): GET it (yield;
/// stop if finished), then watch the collection with a <c>metadata.name</c> field selector from that resourceVersion.
/// A whole collection (the protection follower's Backups, Schedules and locations) is followed the same way: LIST
/// instead of GET, no field selector, and every event yielded.
/// A 410 Gone (history trimmed) or a vanished collection re-GETs and watches from the fresh version; a stream the server
/// ends (its timeout) is reopened from the last version seen, so no update is lost; transient failures back off
/// <c>base × 2^min(n,5)</c> plus jitter, and give up after <see cref="KubernetesGatewayOptions.WatchMaxConsecutiveFailures"/>.
/// 401/403 and other non-transient faults end the watch with a <see cref="ClusterAccessException"/>.
/// </summary>
internal static class KubeWatch
{
    public static async IAsyncEnumerable<T> FollowAsync<T>(IKubernetesClientFactory clients, KubernetesGatewayOptions options, ILogger logger,
        TimeProvider time, ClusterConnection cluster, WatchTarget<T> target, [EnumeratorCancellation] CancellationToken ct) where T : class
    {
        var watchOp = new KubeOperation("watch", target.Describe, target.Namespace, target.Name);
        T? last = null;
        string? resourceVersion = null;
        var needsGet = true;
        var failures = 0;
        var goneInARow = 0;
        var connections = 0;

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (needsGet)
            {
                JsonElement? current;
                ClusterAccessException? getError = null;
                try
                {
                    current = await target.GetAsync(ct).ConfigureAwait(false);
                }
                catch (ClusterAccessException e) when (e.IsTransient)
                {
                    current = null;
                    getError = e;
                }

                if (getError is not null)
                {
                    failures++;
                    await BackoffAsync(options, logger, time, failures, getError, ct).ConfigureAwait(false);
                    continue;
                }

                if (current is null && target.Absent is null)
                {
                    throw target.Gone(last is not null);
                }

                if (goneInARow == 0)
                {
                    failures = 0; // a read after repeated 410s is not progress; keep counting those
                }

                needsGet = false;
                // Not there (yet, or any more) and absence is a state: a watch without a resourceVersion starts from
                // the current state, so an object created from now on arrives as ADDED.
                resourceVersion = current is { } obj ? VeleroStatusParser.ResourceVersion(obj) : null;
                var state = current is { } found ? await target.ObserveAsync(found, ct).ConfigureAwait(false) : target.Absent!();
                if (last is null || !target.Same(last, state))
                {
                    last = state;
                    yield return state;
                }

                if (target.IsFinished(state))
                {
                    logger.LogDebug("{Object} {Name} has already finished", target.Describe, target.Name);
                    yield break;
                }
            }

            // One watch connection. Its own token lets a Status error (410 Gone…) end it at once, and bounds it in
            // case the connection dies silently: the server was asked to close it after WatchTimeoutSeconds anyway.
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connection.CancelAfter(TimeSpan.FromSeconds(options.WatchTimeoutSeconds + 30));
            var streamErrors = new List<Exception>();
            var opened = Stopwatch.StartNew();
            var events = 0;
            ClusterAccessException? transportError = null;
            var client = clients.GetClient(cluster);
            if (connections++ > 0) PortalTelemetry.WatchReconnected(cluster.ClusterName);
            var stream = client.CustomObjects.WatchListNamespacedCustomObjectAsync(target.Group, target.Version, target.Namespace, target.Plural,
                allowWatchBookmarks: true, fieldSelector: target.Name is null ? null : $"metadata.name={target.Name}", resourceVersion: resourceVersion,
                timeoutSeconds: options.WatchTimeoutSeconds,
                onError: e =>
                {
                    lock (streamErrors)
                    {
                        streamErrors.Add(e);
                    }

                    if (e is KubernetesException)
                    {
                        connection.Cancel();
                    }
                },
                cancellationToken: connection.Token);
            logger.LogDebug("Watching from resourceVersion {ResourceVersion}", resourceVersion);
            var enumerator = stream.GetAsyncEnumerator(connection.Token);
            try
            {
                while (true)
                {
                    (WatchEventType Type, object Item) evt;
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        evt = enumerator.Current;
                    }
                    catch (OperationCanceledException) when (connection.IsCancellationRequested && !ct.IsCancellationRequested)
                    {
                        // Ended by a Status error (examined below) or by the client-side bound: reconnect.
                        break;
                    }
                    catch (Exception e)
                    {
                        var mapped = ClusterErrorMapper.Map(e, cluster, watchOp, ct);
                        if (mapped is null)
                        {
                            throw;
                        }

                        if (IsGone(e) || mapped.Fault == ClusterFault.NotFound)
                        {
                            // History trimmed, or the collection itself vanished (tool uninstalled, namespace deleted):
                            // the GET tells which.
                            needsGet = true;
                            break;
                        }

                        if (!mapped.IsTransient)
                        {
                            throw mapped;
                        }

                        transportError = mapped;
                        break;
                    }

                    events++;
                    var item = KubeCalls.AsJson(evt.Item);
                    if (VeleroStatusParser.ResourceVersion(item) is { } rv)
                    {
                        resourceVersion = rv;
                    }

                    switch (evt.Type)
                    {
                        case WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted when target.Event is { } read:
                            failures = 0;
                            yield return read(evt.Type, item);
                            break;
                        case WatchEventType.Added or WatchEventType.Modified when target.Matches(item):
                            failures = 0;
                            var state = await target.ObserveAsync(item, ct).ConfigureAwait(false);
                            if (last is null || !target.Same(last, state))
                            {
                                last = state;
                                yield return state;
                            }

                            if (target.IsFinished(state))
                            {
                                yield break;
                            }

                            break;
                        case WatchEventType.Deleted when target.Matches(item):
                            if (target.Absent is null)
                            {
                                throw target.Gone(true);
                            }

                            var gone = target.Absent();
                            if (last is null || !target.Same(last, gone))
                            {
                                last = gone;
                                yield return gone;
                            }

                            if (target.IsFinished(gone))
                            {
                                yield break;
                            }

                            break;
                        case WatchEventType.Bookmark:
                            failures = 0;
                            break;
                        case WatchEventType.Error:
                            // KubernetesClient hands Status errors to onError, but be safe if one arrives as an event.
                            lock (streamErrors)
                            {
                                streamErrors.Add(new KubernetesException(JsonSerializer.Deserialize<k8s.Models.V1Status>(item.GetRawText())));
                            }

                            connection.Cancel();
                            break;
                    }
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            ct.ThrowIfCancellationRequested();
            if (needsGet)
            {
                logger.LogInformation("Watch history expired or the collection changed; reading the object again");
                continue;
            }

            Exception[] errors;
            lock (streamErrors)
            {
                errors = [.. streamErrors];
            }

            if (errors.Any(IsGone))
            {
                logger.LogInformation("Watch answered 410 Gone (resourceVersion {ResourceVersion} too old); reading the object again", resourceVersion);
                needsGet = true;
                // A fresh GET followed at once by another 410 should not spin: pace repeated ones like failures.
                goneInARow = events > 0 ? 0 : goneInARow + 1;
                if (goneInARow > 1)
                {
                    failures++;
                    await BackoffAsync(options, logger, time, failures, new ClusterAccessException(ClusterFault.ServerError,
                        $"The watch on {cluster} keeps answering 410 Gone."), ct).ConfigureAwait(false);
                }

                continue;
            }

            goneInARow = 0;
            var streamError = errors.Select(e => ClusterErrorMapper.Map(e, cluster, watchOp, ct)).FirstOrDefault(m => m is not null);
            if (streamError is { IsTransient: false } && streamError.Fault is ClusterFault.Unauthorized or ClusterFault.Forbidden)
            {
                throw streamError;
            }

            transportError ??= streamError;
            if (transportError is null && (events > 0 || opened.Elapsed >= TimeSpan.FromSeconds(1)))
            {
                // The server ended the stream (its timeout): reopen from the last resourceVersion at once.
                logger.LogDebug("Watch stream ended after {Events} events; reconnecting", events);
                continue;
            }

            failures++;
            await BackoffAsync(options, logger, time, failures, transportError ?? new ClusterAccessException(ClusterFault.ServerError,
                $"The watch on {cluster} closed at once without events."), ct).ConfigureAwait(false);
        }
    }

    private static async Task BackoffAsync(KubernetesGatewayOptions options, ILogger logger, TimeProvider time, int failures, ClusterAccessException reason,
        CancellationToken ct)
    {
        if (failures > options.WatchMaxConsecutiveFailures)
        {
            logger.LogWarning(reason, "Giving up the watch after {Failures} consecutive failures", failures - 1);
            throw reason;
        }

        var delay = Application.Resilience.RetryRules.WatchReconnect(options.WatchBackoffBase).Delay(failures);
        logger.LogWarning("Watch failed ({Fault}: {Message}); retry {Attempt} in {Delay}", reason.Fault, reason.Message, failures, delay);
        await Task.Delay(delay, time, ct).ConfigureAwait(false);
    }

    private static bool IsGone(Exception e) => e switch
    {
        KubernetesException { Status.Code: 410 } => true,
        k8s.Autorest.HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };
}
