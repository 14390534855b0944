using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Databases;

public sealed partial class KubernetesDatabaseWorkloadGateway
{
    /// <summary>
    /// Follows one Job with the shared resilient watch (<see cref="KubeWatch"/>, the same loop that follows Velero
    /// objects). Running states carry no termination message (no pod reads while it runs); the final state does, read
    /// once from the Job's newest pod.
    /// </summary>
    public IAsyncEnumerable<JobRunStatus> WatchJobAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        FollowAsync(cluster, DatabaseResources.Job, @namespace, name, "JobNamespace", "Job",
            (obj, c) => ObserveAsync(cluster, @namespace, obj, c), s => s.IsFinished, JobRunParser.Same,
            followed => JobGone(cluster, @namespace, name, followed), ct);

    /// <summary>Follows one object of <paramref name="resource"/> on <see cref="KubeWatch"/>, in a log scope naming the
    /// cluster, the namespace and the object (under <paramref name="namespaceKey"/> and <paramref name="nameKey"/>).</summary>
    private async IAsyncEnumerable<T> FollowAsync<T>(ClusterConnection cluster, DatabaseResource resource, string @namespace, string name,
        string namespaceKey, string nameKey, Func<JsonElement, CancellationToken, Task<T>> observe, Func<T, bool> isFinished, Func<T, T, bool> same,
        Func<bool, ClusterAccessException> gone, [EnumeratorCancellation] CancellationToken ct) where T : class
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Cluster"] = cluster.ClusterName,
            [namespaceKey] = @namespace,
            [nameKey] = name,
        });
        var target = new WatchTarget<T>(resource.Group, resource.Version, resource.Plural, @namespace, name, resource.Describe(),
            c => GetAsync(cluster, resource, @namespace, name, c), observe, isFinished, same, gone);
        await foreach (var state in KubeWatch.FollowAsync(clients, _options, logger, _time, cluster, target, ct).ConfigureAwait(false))
        {
            yield return state;
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

    private static ClusterAccessException JobGone(ClusterConnection cluster, string ns, string name, bool followed) =>
        new(ClusterFault.NotFound, followed
            ? $"The Job {name} was deleted while the portal was following it (namespace '{ns}', {cluster})."
            : $"The Job {name} does not exist in namespace '{ns}' on {cluster}.");
}
