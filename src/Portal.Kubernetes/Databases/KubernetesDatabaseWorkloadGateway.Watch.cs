using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Databases;

public sealed partial class KubernetesDatabaseWorkloadGateway
{
    /// <summary>
    /// Follows one Job the way the cluster gateway follows a Velero object: GET it (yield; stop if finished), then
    /// watch <c>jobs.batch</c> with a <c>metadata.name</c> field selector from that resourceVersion. 410 Gone re-GETs;
    /// a stream the server ends is reopened from the last version seen; transient failures back off
    /// <c>base × 2^min(n,5)</c> plus jitter; 401/403 end the watch. Running states carry no termination message (no
    /// pod reads while it runs); the final state does, read once from the Job's newest pod.
    /// </summary>
    public async IAsyncEnumerable<JobRunStatus> WatchJobAsync(ClusterConnection cluster, string @namespace, string name,
        [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Cluster"] = cluster.ClusterName,
            ["JobNamespace"] = @namespace,
            ["Job"] = name,
        });
        var job = DatabaseResources.Job;
        var watchOp = new KubeOperation("watch", job.Describe(), @namespace, name);
        JobRunStatus? last = null;
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
                    current = await GetAsync(cluster, job, @namespace, name, ct).ConfigureAwait(false);
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
                    throw JobGone(cluster, @namespace, name, followed: last is not null);
                }

                if (goneInARow == 0)
                {
                    failures = 0;
                }

                needsGet = false;
                resourceVersion = VeleroStatusParser.ResourceVersion(obj);
                var status = await ObserveAsync(cluster, @namespace, obj, ct).ConfigureAwait(false);
                if (last is null || !JobRunParser.Same(last, status))
                {
                    last = status;
                    yield return status;
                }

                if (status.IsFinished)
                {
                    yield break;
                }
            }

            // One watch connection, bounded in case it dies silently (the server closes it after WatchTimeoutSeconds).
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connection.CancelAfter(TimeSpan.FromSeconds(_options.WatchTimeoutSeconds + 30));
            var streamErrors = new List<Exception>();
            var opened = Stopwatch.StartNew();
            var events = 0;
            ClusterAccessException? transportError = null;
            var client = clients.GetClient(cluster);
            var stream = client.CustomObjects.WatchListNamespacedCustomObjectAsync(job.Group, job.Version, @namespace, job.Plural,
                allowWatchBookmarks: true, fieldSelector: $"metadata.name={name}", resourceVersion: resourceVersion,
                timeoutSeconds: _options.WatchTimeoutSeconds,
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
                        break; // ended by a Status error (examined below) or by the client-side bound: reconnect
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
                            needsGet = true; // history trimmed, or the namespace went away: the GET tells which
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
                            var status = await ObserveAsync(cluster, @namespace, item, ct).ConfigureAwait(false);
                            if (last is null || !JobRunParser.Same(last, status))
                            {
                                last = status;
                                yield return status;
                            }

                            if (status.IsFinished)
                            {
                                yield break;
                            }

                            break;
                        case WatchEventType.Deleted when VeleroStatusParser.Name(item) == name:
                            throw JobGone(cluster, @namespace, name, followed: true);
                        case WatchEventType.Bookmark:
                            failures = 0;
                            break;
                        case WatchEventType.Error:
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
                continue;
            }

            Exception[] errors;
            lock (streamErrors)
            {
                errors = [.. streamErrors];
            }

            if (errors.Any(IsGone))
            {
                logger.LogInformation("Watch answered 410 Gone (resourceVersion {ResourceVersion} too old); reading the Job again", resourceVersion);
                needsGet = true;
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
                continue; // the server ended the stream (its timeout): reopen from the last resourceVersion
            }

            failures++;
            await BackoffAsync(failures, transportError ?? new ClusterAccessException(ClusterFault.ServerError,
                $"The watch on {cluster} closed at once without events."), ct).ConfigureAwait(false);
        }
    }

    /// <summary>The Job's state; once it finished, with its newest pod's termination message (one pod LIST).</summary>
    private async Task<JobRunStatus> ObserveAsync(ClusterConnection cluster, string @namespace, JsonElement job, CancellationToken ct)
    {
        var status = JobRunParser.Parse(job, []);
        if (!status.IsFinished)
        {
            return status;
        }

        var pods = await ListJobPodsAsync(cluster, @namespace, status.Name, ct).ConfigureAwait(false);
        return status with { TerminationMessage = JobRunParser.TerminationMessage(pods) };
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

    private static bool IsGone(Exception e) => e switch
    {
        KubernetesException { Status.Code: 410 } => true,
        k8s.Autorest.HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };

    private static ClusterAccessException JobGone(ClusterConnection cluster, string ns, string name, bool followed) =>
        new(ClusterFault.NotFound, followed
            ? $"The Job {name} was deleted while the portal was following it (namespace '{ns}', {cluster})."
            : $"The Job {name} does not exist in namespace '{ns}' on {cluster}.");
}
