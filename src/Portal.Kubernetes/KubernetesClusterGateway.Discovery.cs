using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Clusters;

namespace Portal.Kubernetes;

public sealed partial class KubernetesClusterGateway
{
    public async Task<ClusterCapabilities> DiscoverAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var groups = await ServedGroupsAsync(cluster, ct).ConfigureAwait(false);
        var velero = groups.Contains(VeleroApi.Group);
        var (veleroNamespace, locations) = velero
            ? await DiscoverStorageLocationsAsync(cluster, ct).ConfigureAwait(false)
            : (null, []);
        var csi = groups.Contains(VeleroApi.CsiSnapshotGroup);
        var classes = csi ? await DiscoverSnapshotClassesAsync(cluster, ct).ConfigureAwait(false) : [];

        return new ClusterCapabilities
        {
            DiscoveredAt = DateTimeOffset.UtcNow,
            VeleroInstalled = velero,
            VeleroNamespace = veleroNamespace,
            BackupStorageLocations = locations,
            CsiSnapshotsInstalled = csi,
            VolumeSnapshotClasses = classes,
            GroupSnapshotsServed = csi && groups.Contains(Portal.Domain.Common.ClusterApis.CsiGroupSnapshotGroup),
            ArgoCdInstalled = groups.Contains(VeleroApi.ArgoCdGroup),
            FluxInstalled = groups.Contains(VeleroApi.FluxKustomizeGroup),
            CloudNativePgInstalled = groups.Contains(VeleroApi.CloudNativePgGroup),
        };
    }

    /// <summary>The API groups the server serves (<c>GET /apis</c>); needs no RBAC beyond being authenticated.</summary>
    internal async Task<HashSet<string>> ServedGroupsAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var list = await CallAsync(cluster, new KubeOperation("list", "API groups (/apis)"),
            (k, c) => k.Apis.GetAPIVersionsAsync(c), ct).ConfigureAwait(false);
        return (list.Groups ?? []).Where(g => g?.Name is not null).Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>BackupStorageLocations across the cluster; their namespace is where Velero runs. A credential that may
    /// not list them cluster-wide is asked again for the conventional <c>velero</c> namespace only.</summary>
    private async Task<(string Namespace, List<BackupStorageLocationInfo> Locations)> DiscoverStorageLocationsAsync(
        ClusterConnection cluster, CancellationToken ct)
    {
        JsonElement list;
        try
        {
            list = AsJson(await CallAsync(cluster,
                new KubeOperation("list", "backupstoragelocations.velero.io in all namespaces"),
                (k, c) => k.CustomObjects.ListClusterCustomObjectAsync(VeleroApi.Group, VeleroApi.Version,
                    VeleroApi.BackupStorageLocations, cancellationToken: c), ct).ConfigureAwait(false));
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.Forbidden)
        {
            logger.LogInformation("The credential of {Cluster} may not list storage locations cluster-wide; trying namespace {Namespace}",
                cluster.ClusterName, VeleroApi.DefaultNamespace);
            list = AsJson(await CallAsync(cluster,
                new KubeOperation("list", "backupstoragelocations.velero.io", VeleroApi.DefaultNamespace),
                (k, c) => k.CustomObjects.ListNamespacedCustomObjectAsync(VeleroApi.Group, VeleroApi.Version,
                    VeleroApi.DefaultNamespace, VeleroApi.BackupStorageLocations, cancellationToken: c), ct).ConfigureAwait(false));
        }

        var items = VeleroStatusParser.Items(list).ToList();
        var locations = items.Select(ParseStorageLocation).ToList();
        var home = items.FirstOrDefault(i => VeleroStatusParser.Bool(VeleroStatusParser.Child(i, "spec"), "default") == true);
        if (home.ValueKind == JsonValueKind.Undefined && items.Count > 0)
        {
            home = items[0];
        }

        var veleroNamespace = home.ValueKind == JsonValueKind.Object
            ? VeleroStatusParser.Namespace(home) ?? VeleroApi.DefaultNamespace
            : VeleroApi.DefaultNamespace;
        return (veleroNamespace, locations);
    }

    internal static BackupStorageLocationInfo ParseStorageLocation(JsonElement bsl)
    {
        var status = VeleroStatusParser.Child(bsl, "status");
        return new BackupStorageLocationInfo(
            VeleroStatusParser.Name(bsl) ?? "",
            VeleroStatusParser.String(status, "phase") ?? "Unknown",
            VeleroStatusParser.Bool(VeleroStatusParser.Child(bsl, "spec"), "default") ?? false,
            VeleroStatusParser.String(status, "message"));
    }

    private async Task<List<string>> DiscoverSnapshotClassesAsync(ClusterConnection cluster, CancellationToken ct)
    {
        try
        {
            var list = AsJson(await CallAsync(cluster, new KubeOperation("list", "volumesnapshotclasses.snapshot.storage.k8s.io"),
                (k, c) => k.CustomObjects.ListClusterCustomObjectAsync(VeleroApi.CsiSnapshotGroup, "v1",
                    VeleroApi.VolumeSnapshotClasses, cancellationToken: c), ct).ConfigureAwait(false));
            return VeleroStatusParser.Items(list).Select(VeleroStatusParser.Name).OfType<string>().Order(StringComparer.Ordinal).ToList();
        }
        catch (ClusterAccessException e) when (e.Fault is ClusterFault.Forbidden or ClusterFault.NotFound)
        {
            // CSI snapshots are served but the classes cannot be read (least privilege, or only v1beta1 served):
            // report the capability without the class names rather than failing discovery.
            logger.LogInformation("Could not list VolumeSnapshotClasses on {Cluster}: {Reason}", cluster.ClusterName, e.Message);
            return [];
        }
    }
}
