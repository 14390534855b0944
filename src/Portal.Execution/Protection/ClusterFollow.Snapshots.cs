using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Resilience;

namespace Portal.Execution.Protection;

/// <summary>The ready CSI snapshots and bound claims of the followed cluster's tenant namespaces, recorded at once and every
/// <see cref="Application.Features.Protection.ProtectionOptions.RefreshInterval"/> (listed, not watched: they change rarely); a
/// cluster that does not answer keeps the last record. A change is worked into the namespaces' facts by the next recompute.</summary>
internal sealed partial class ClusterFollow
{
    private async Task RecordSnapshotsLoopAsync(CancellationToken ct)
    {
        if (s.RecordSnapshots is null) return;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await s.RecordSnapshots(clusterId, connection, ct)) _dirty.Writer.TryWrite(true);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ClusterAccessException ex)
            {
                failures++;
                s.Log.LogDebug("Recording the snapshots of {Cluster} failed ({Message}); the last record stays.", clusterName, ClusterConnections.Explain(ex, clusterName));
            }
            catch (Exception ex)
            {
                failures++;
                s.Log.LogWarning(ex, "Recording the snapshots of {Cluster} failed; the last record stays", clusterName);
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
