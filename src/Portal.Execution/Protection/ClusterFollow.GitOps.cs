using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Clusters;
using Portal.Application.Resilience;

namespace Portal.Execution.Protection;

/// <summary>The GitOps objects of the followed cluster, recorded at once and every <see cref="Application.Features.Protection.ProtectionOptions.RefreshInterval"/>
/// (objects are not watched: they change rarely); a cluster that does not answer keeps the last record.</summary>
internal sealed partial class ClusterFollow
{
    private async Task RecordGitOpsLoopAsync(CancellationToken ct)
    {
        if (s.RecordGitOps is null) return;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await s.RecordGitOps(clusterId, connection, ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ClusterAccessException ex)
            {
                failures++;
                s.Log.LogDebug("Recording the GitOps objects of {Cluster} failed ({Message}); the last record stays.", clusterName, ClusterConnections.Explain(ex, clusterName));
            }
            catch (Exception ex)
            {
                failures++;
                s.Log.LogWarning(ex, "Recording the GitOps objects of {Cluster} failed; the last record stays", clusterName);
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
