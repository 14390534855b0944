using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Protection;

namespace Portal.Kubernetes.Protection;

/// <summary>The <see cref="IVeleroFollowGateway"/> over KubernetesClient: each collection followed on
/// <see cref="KubeWatch"/>, the one resilient watch of the adapter (LIST, watch from its resourceVersion, re-LIST on 410
/// Gone, reconnect with capped backoff on the injected clock).</summary>
public sealed class KubernetesVeleroFollowGateway(
    IKubernetesClientFactory clients,
    IOptions<KubernetesGatewayOptions> options,
    ILogger<KubernetesVeleroFollowGateway> logger,
    TimeProvider? time = null) : IVeleroFollowGateway
{
    private readonly KubernetesGatewayOptions _options = options.Value;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IAsyncEnumerable<FollowEvent<VeleroBackupObservation>> FollowBackupsAsync(ClusterConnection cluster, string veleroNamespace,
        CancellationToken ct) =>
        FollowAsync(cluster, veleroNamespace, VeleroApi.Backups, VeleroFollowParser.Backup, ct);

    public IAsyncEnumerable<FollowEvent<VeleroScheduleInfo>> FollowSchedulesAsync(ClusterConnection cluster, string veleroNamespace,
        CancellationToken ct) =>
        FollowAsync(cluster, veleroNamespace, VeleroApi.Schedules, VeleroFollowParser.Schedule, ct);

    public IAsyncEnumerable<FollowEvent<VeleroLocationObservation>> FollowLocationsAsync(ClusterConnection cluster, string veleroNamespace,
        LocationKind kind, CancellationToken ct) =>
        FollowAsync(cluster, veleroNamespace,
            kind == LocationKind.BackupStorage ? VeleroApi.BackupStorageLocations : VeleroApi.VolumeSnapshotLocations,
            o => VeleroFollowParser.Location(o, kind), ct);

    private async IAsyncEnumerable<FollowEvent<T>> FollowAsync<T>(ClusterConnection cluster, string veleroNamespace, string plural,
        Func<JsonElement, T> parse, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Cluster"] = cluster.ClusterName,
            ["VeleroNamespace"] = veleroNamespace,
            ["VeleroCollection"] = plural,
        });
        var describe = $"{plural}.velero.io";
        var target = new WatchTarget<FollowEvent<T>>(VeleroApi.Group, VeleroApi.Version, plural, veleroNamespace, null, describe,
            c => ListAsync(cluster, veleroNamespace, plural, describe, c),
            (list, _) => Task.FromResult(new FollowEvent<T>(FollowEventKind.Listed, VeleroStatusParser.Items(list).Select(parse).ToList())),
            _ => false,
            (_, _) => false,
            _ => new ClusterAccessException(ClusterFault.NotFound, $"The {describe} collection is not served on {cluster}."),
            Event: (type, item) => new FollowEvent<T>(type == WatchEventType.Deleted ? FollowEventKind.Deleted : FollowEventKind.Changed, [parse(item)]));
        await foreach (var e in KubeWatch.FollowAsync(clients, _options, logger, _time, cluster, target, ct).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <summary>The collection as one list (its resourceVersion is where the watch starts); Velero not served is
    /// <see cref="ClusterFault.ToolMissing"/>, which ends the follow.</summary>
    private async Task<JsonElement?> ListAsync(ClusterConnection cluster, string veleroNamespace, string plural, string describe, CancellationToken ct)
    {
        try
        {
            return KubeCalls.AsJson(await KubeCalls.RunAsync(clients, logger, cluster, new KubeOperation("list", describe, veleroNamespace),
                (k, c) => k.CustomObjects.ListNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version, veleroNamespace, plural,
                    cancellationToken: c), ct).ConfigureAwait(false));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            throw new ClusterAccessException(ClusterFault.ToolMissing,
                $"Velero is not installed on {cluster} ({describe} is not served). Install Velero on the cluster, then run discovery again.", e);
        }
    }
}
