using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes;

public sealed partial class KubernetesClusterGateway
{
    /// <summary>
    /// Follows one Velero object with the shared resilient watch (<see cref="KubeWatch"/>: GET, then a watch by name from
    /// that resourceVersion, re-GET on 410 Gone, reconnect with capped backoff) and yields its status each time it
    /// changes, ending after a terminal phase.
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
        var target = new WatchTarget<VeleroObjectStatus>(VeleroApi.Group, VeleroApi.Version, plural, veleroNamespace, name, $"{plural}.velero.io",
            c => GetVeleroObjectAsync(cluster, veleroNamespace, kind, name, c),
            (obj, _) => Task.FromResult(VeleroStatusParser.ParseStatus(obj, kind)),
            s => s.IsTerminal,
            SameStatus,
            followed => Gone(cluster, kind, name, veleroNamespace, followed));
        await foreach (var status in KubeWatch.FollowAsync(clients, _options, logger, _time, cluster, target, ct).ConfigureAwait(false))
        {
            yield return status;
        }
    }

    private static ClusterAccessException Gone(ClusterConnection cluster, VeleroObjectKind kind, string name, string ns, bool followed) =>
        new(ClusterFault.NotFound, followed
            ? $"The Velero {kind} {name} was deleted while the portal was following it (namespace '{ns}', {cluster})."
            : $"The Velero {kind} {name} does not exist in namespace '{ns}' on {cluster}.");

    /// <summary>Equality of what the portal records (labels aside), to yield only real changes.</summary>
    internal static bool SameStatus(VeleroObjectStatus a, VeleroObjectStatus b) =>
        a.Phase == b.Phase && a.ItemsTotal == b.ItemsTotal && a.ItemsDone == b.ItemsDone && a.Warnings == b.Warnings
        && a.Errors == b.Errors && a.FailureReason == b.FailureReason && a.ValidationErrors.SequenceEqual(b.ValidationErrors);
}
