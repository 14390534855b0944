using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;

namespace Portal.Execution;

/// <summary>Waits for one Job to finish on the database gateway's watch (<see cref="IDatabaseWorkloadGateway.WatchJobAsync"/>,
/// the one follower of Jobs), giving up after a time limit counted on the injected <see cref="TimeProvider"/>.</summary>
internal sealed class JobWaiter(IDatabaseWorkloadGateway gateway, TimeProvider time)
{
    /// <summary>The Job's final state (succeeded or failed, with its pod's termination message).</summary>
    /// <param name="onWaiting">Called with each state seen while the Job has not finished (the first one included).</param>
    /// <exception cref="ClusterWaitTimeoutException">The limit passed first; it names the Job and the state it was last seen in.</exception>
    /// <exception cref="ClusterAccessException">NotFound when the Job does not exist or is deleted meanwhile; the watch's other faults.</exception>
    public async Task<JobRunStatus> UntilFinishedAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit,
        Func<JobRunStatus, Task>? onWaiting, CancellationToken ct)
    {
        using var expired = new CancellationTokenSource();
        using var timer = time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), expired, limit, Timeout.InfiniteTimeSpan);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, expired.Token);
        JobRunStatus? last = null;
        try
        {
            await foreach (var status in gateway.WatchJobAsync(cluster, @namespace, name, linked.Token))
            {
                last = status;
                if (status.IsFinished) return status;
                if (onWaiting is not null) await onWaiting(status);
            }
        }
        catch (OperationCanceledException) when (expired.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new ClusterWaitTimeoutException($"Job {@namespace}/{name} on {cluster.ClusterName} did not finish within {Durations.Words(limit)}: {State(last)}.",
                [new NotReadyObject($"Job {@namespace}/{name}", State(last))]);
        }
        throw new ClusterAccessException(ClusterFault.Unreachable, $"The watch of Job {name} in {@namespace} ended before the Job finished.");
    }

    /// <summary>Why it is not done, as last seen.</summary>
    private static string State(JobRunStatus? last) => last switch
    {
        null => "the portal never saw its state",
        { StartedAt: null } => "it is still pending (no pod of it has started)",
        { StartedAt: { } started } => $"it is still running (started {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC)",
    };
}
