using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes;

public sealed partial class KubernetesClusterGateway
{
    /// <summary>
    /// Follows one Velero object: GET it (yield; stop if terminal), then watch it from that resourceVersion with a
    /// <c>metadata.name</c> field selector. A 410 Gone (history trimmed) re-GETs and watches from the fresh version;
    /// a stream the server ends (its timeout) is reopened from the last version seen, so no update is lost;
    /// transient failures back off <c>base × 2^min(n,5)</c> plus jitter. 401/403 and other non-transient faults
    /// end the watch with a <see cref="ClusterAccessException"/>.
    /// </summary>
    public async IAsyncEnumerable<VeleroObjectStatus> WatchVeleroObjectAsync(ClusterConnection cluster, string veleroNamespace,
        VeleroObjectKind kind, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Cluster"] = cluster.ClusterName,
            ["VeleroKind"] = kind.ToString(),
            ["VeleroNamespace"] = veleroNamespace,
            ["VeleroObject"] = name,
        });
        var plural = VeleroApi.Plural(kind);
        var watchOp = new KubeOperation("watch", $"{plural}.velero.io", veleroNamespace, name);
        VeleroObjectStatus? last = null;
        string? resourceVersion = null;
        var needsGet = true;
        var failures = 0;
        var goneInARow = 0;

        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (needsGet)
            {
                JsonElement? current;
                ClusterAccessException? getError = null;
                try
                {
                    current = await GetVeleroObjectAsync(cluster, veleroNamespace, kind, name, ct).ConfigureAwait(false);
                }
                catch (ClusterAccessException e) when (e.IsTransient)
                {
                    current = null;
                    getError = e;
                }

                if (getError is not null)
                {
                    failures++;
                    await BackoffAsync(failures, getError, ct).ConfigureAwait(false);
                    continue;
                }

                if (current is not { } obj)
                {
                    throw Gone(cluster, kind, name, veleroNamespace, followed: last is not null);
                }

                if (goneInARow == 0)
                {
                    failures = 0; // a read after repeated 410s is not progress; keep counting those
                }

                needsGet = false;
                resourceVersion = VeleroStatusParser.ResourceVersion(obj);
                var status = VeleroStatusParser.ParseStatus(obj, kind);
                if (last is null || !SameStatus(last, status))
                {
                    last = status;
                    yield return status;
                }

                if (status.IsTerminal)
                {
                    logger.LogDebug("Velero {Kind} {Name} is already {Phase}", kind, name, status.Phase);
                    yield break;
                }
            }

            // One watch connection. Its own token lets a Status error (410 Gone…) end it at once, and bounds it in
            // case the connection dies silently: the server was asked to close it after WatchTimeoutSeconds anyway.
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connection.CancelAfter(TimeSpan.FromSeconds(_options.WatchTimeoutSeconds + 30));
            var streamErrors = new List<Exception>();
            var opened = Stopwatch.StartNew();
            var events = 0;
            ClusterAccessException? transportError = null;
            var client = clients.GetClient(cluster);
            var stream = client.CustomObjects.WatchListNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version,
                veleroNamespace, plural, allowWatchBookmarks: true, fieldSelector: $"metadata.name={name}",
                resourceVersion: resourceVersion, timeoutSeconds: _options.WatchTimeoutSeconds,
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

                        if (IsGoneError(e))
                        {
                            needsGet = true;
                            break;
                        }

                        if (mapped.Fault == ClusterFault.NotFound)
                        {
                            // The collection itself vanished: Velero uninstalled, or the namespace deleted.
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
                    var item = AsJson(evt.Item);
                    if (VeleroStatusParser.ResourceVersion(item) is { } rv)
                    {
                        resourceVersion = rv;
                    }

                    switch (evt.Type)
                    {
                        case WatchEventType.Added or WatchEventType.Modified when VeleroStatusParser.Name(item) == name:
                            failures = 0;
                            var status = VeleroStatusParser.ParseStatus(item, kind);
                            if (last is null || !SameStatus(last, status))
                            {
                                last = status;
                                yield return status;
                            }

                            if (status.IsTerminal)
                            {
                                yield break;
                            }

                            break;
                        case WatchEventType.Deleted when VeleroStatusParser.Name(item) == name:
                            throw Gone(cluster, kind, name, veleroNamespace, followed: true);
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

            if (errors.Any(IsGoneError))
            {
                logger.LogInformation("Watch answered 410 Gone (resourceVersion {ResourceVersion} too old); reading the object again", resourceVersion);
                needsGet = true;
                // A fresh GET followed at once by another 410 should not spin: pace repeated ones like failures.
                goneInARow = events > 0 ? 0 : goneInARow + 1;
                if (goneInARow > 1)
                {
                    failures++;
                    await BackoffAsync(failures, new ClusterAccessException(ClusterFault.ServerError,
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
            await BackoffAsync(failures, transportError ?? new ClusterAccessException(ClusterFault.ServerError,
                $"The watch on {cluster} closed at once without events."), ct).ConfigureAwait(false);
        }
    }

    private async Task BackoffAsync(int failures, ClusterAccessException reason, CancellationToken ct)
    {
        if (failures > _options.WatchMaxConsecutiveFailures)
        {
            logger.LogWarning(reason, "Giving up the watch after {Failures} consecutive failures", failures - 1);
            throw reason;
        }

        var delay = WatchBackoff.Delay(failures, _options.WatchBackoffBase);
        logger.LogWarning("Watch failed ({Fault}: {Message}); retry {Attempt} in {Delay}", reason.Fault, reason.Message, failures, delay);
        await Task.Delay(delay, ct).ConfigureAwait(false);
    }

    private static bool IsGoneError(Exception e) => e switch
    {
        KubernetesException { Status.Code: 410 } => true,
        k8s.Autorest.HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };

    private static ClusterAccessException Gone(ClusterConnection cluster, VeleroObjectKind kind, string name, string ns, bool followed) =>
        new(ClusterFault.NotFound, followed
            ? $"The Velero {kind} {name} was deleted while the portal was following it (namespace '{ns}', {cluster})."
            : $"The Velero {kind} {name} does not exist in namespace '{ns}' on {cluster}.");

    /// <summary>Equality of what the portal records (labels aside), to yield only real changes.</summary>
    internal static bool SameStatus(VeleroObjectStatus a, VeleroObjectStatus b) =>
        a.Phase == b.Phase && a.ItemsTotal == b.ItemsTotal && a.ItemsDone == b.ItemsDone && a.Warnings == b.Warnings
        && a.Errors == b.Errors && a.FailureReason == b.FailureReason && a.ValidationErrors.SequenceEqual(b.ValidationErrors);
}

/// <summary>Reconnect pacing: <c>base × 2^min(n,5)</c> plus up to one <c>base</c> of random jitter (KubeOps' rule).</summary>
public static class WatchBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan unit, Random? random = null)
    {
        var exponent = Math.Clamp(attempt, 0, 5);
        var jitter = (random ?? Random.Shared).NextDouble();
        return unit * ((1 << exponent) + jitter);
    }
}
