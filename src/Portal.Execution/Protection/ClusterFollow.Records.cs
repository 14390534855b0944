using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Resilience;

namespace Portal.Execution.Protection;

/// <summary>
/// What the follower lists rather than watches (it changes rarely): the GitOps objects of the followed cluster, and the
/// ready CSI snapshots and bound claims of its tenant namespaces. Each is recorded at once and every
/// <see cref="Application.Features.Protection.ProtectionOptions.RefreshInterval"/>, backing off after failures; a cluster that
/// does not answer keeps the last record. A snapshot change is worked into the namespaces' facts by the next recompute.
/// </summary>
internal sealed partial class ClusterFollow
{
    private Task RecordGitOpsLoopAsync(CancellationToken ct) => s.RecordGitOps is not { } record ? Task.CompletedTask
        : RecordOnCadenceAsync("the GitOps objects", async c =>
        {
            await record(clusterId, connection, c);
            return false;
        }, ct);

    private Task RecordSnapshotsLoopAsync(CancellationToken ct) => s.RecordSnapshots is not { } record ? Task.CompletedTask
        : RecordOnCadenceAsync("the snapshots", c => record(clusterId, connection, c), ct);

    /// <summary>Runs <paramref name="record"/> on the refresh cadence until cancelled; true from it means the namespaces' facts need
    /// a recompute.</summary>
    private async Task RecordOnCadenceAsync(string what, Func<CancellationToken, Task<bool>> record, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await record(ct)) _dirty.Writer.TryWrite(true);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ClusterAccessException ex)
            {
                failures++;
                s.Log.LogDebug("Recording {What} of {Cluster} failed ({Message}); the last record stays.", what, clusterName, ClusterConnections.Explain(ex, clusterName));
            }
            catch (Exception ex)
            {
                failures++;
                s.Log.LogWarning(ex, "Recording {What} of {Cluster} failed; the last record stays", what, clusterName);
            }

            try
            {
                await Task.Delay(failures == 0 ? s.Options.RefreshInterval : RetryRules.WatchReconnect(s.Options.FollowRetryBase).Delay(failures) + s.Options.RefreshInterval, s.Time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
