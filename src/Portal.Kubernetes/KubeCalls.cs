using System.Diagnostics;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Telemetry;

namespace Portal.Kubernetes;

/// <summary>The plumbing both gateways share: run one API call on the cluster's cached client and turn any
/// failure into a <see cref="ClusterAccessException"/> in words.</summary>
internal static class KubeCalls
{
    public static async Task<T> RunAsync<T>(IKubernetesClientFactory clients, ILogger logger, ClusterConnection cluster,
        KubeOperation operation, Func<IKubernetes, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var client = clients.GetClient(cluster);
        // Every cluster call passes here: its span (a child of the run or use case) and its latency and errors by cluster.
        using var activity = PortalTelemetry.StartClusterCall(cluster.ClusterName, operation.Verb, operation.Resource, operation.Namespace, operation.Name);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call(client, ct).ConfigureAwait(false);
            PortalTelemetry.ClusterCallEnded(activity, cluster.ClusterName, operation.Verb, Stopwatch.GetElapsedTime(started), null);
            return result;
        }
        catch (ClusterAccessException e)
        {
            PortalTelemetry.ClusterCallEnded(activity, cluster.ClusterName, operation.Verb, Stopwatch.GetElapsedTime(started), e.Fault);
            throw;
        }
        catch (Exception e)
        {
            var mapped = ClusterErrorMapper.Map(e, cluster, operation, ct);
            PortalTelemetry.ClusterCallEnded(activity, cluster.ClusterName, operation.Verb, Stopwatch.GetElapsedTime(started), mapped?.Fault,
                cancelled: mapped is null);
            if (mapped is null)
            {
                throw;
            }

            logger.LogDebug(e, "Call to {Cluster} failed: {Operation} → {Fault}", cluster.ClusterName, operation.Describe(), mapped.Fault);
            throw mapped;
        }
    }

    /// <summary>The custom-objects API answers with untyped bodies; the gateways read them as JSON.</summary>
    public static JsonElement AsJson(object? body) => body switch
    {
        JsonElement e => e,
        null => default,
        _ => JsonSerializer.SerializeToElement(body),
    };
}
