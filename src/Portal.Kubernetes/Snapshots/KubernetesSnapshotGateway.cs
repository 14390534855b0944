using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Kubernetes.Moves;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Snapshots;

/// <summary>
/// The <see cref="ISnapshotClusterGateway"/>: reads through the migration gateway's generic get/list (one discovery cache),
/// writes VolumeSnapshots and VolumeGroupSnapshots through the one write path (<see cref="ServerSideApply"/>, created once,
/// anyone else's refused), waits with the one wait (<see cref="ClusterWait"/>). RBAC: volumesnapshots create/get/list/watch/
/// delete/patch in tenant namespaces, volumesnapshotcontents and volumesnapshotclasses get/list, claims get/list/patch (labels
/// of a group snapshot), persistentvolumes and storageclasses get/list, volumegroupsnapshots where served.
/// </summary>
public sealed class KubernetesSnapshotGateway(KubernetesMigrationGateway objects, IKubernetesClientFactory clients,
    IOptions<KubernetesGatewayOptions> options, ILogger<KubernetesSnapshotGateway> logger, TimeProvider time) : ISnapshotClusterGateway
{
    private const string Snapshot = "VolumeSnapshot";
    private const string Content = "VolumeSnapshotContent";
    private const string Group = "VolumeGroupSnapshot";
    private const string GroupContent = "VolumeGroupSnapshotContent";
    private readonly ClusterWait _wait = new(clients, options, logger, time);

    public async Task<IReadOnlyList<SnapshotClaimInfo>> ListClaimsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        var claims = await objects.ListAsync(cluster, "v1", "PersistentVolumeClaim", @namespace, null, ct).ConfigureAwait(false);
        if (claims.Count == 0) return [];
        var classes = ByName(await objects.ListAsync(cluster, "storage.k8s.io/v1", "StorageClass", null, null, ct).ConfigureAwait(false));
        var volumes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var volumeName in claims.Select(c => Text(c["spec"]?["volumeName"])).OfType<string>().Distinct())
        {
            if (await objects.GetAsync(cluster, "v1", "PersistentVolume", null, volumeName, ct).ConfigureAwait(false) is { } pv) volumes[volumeName] = pv;
        }

        var workloads = new List<JsonObject>();
        workloads.AddRange(await objects.ListAsync(cluster, "apps/v1", "Deployment", @namespace, null, ct).ConfigureAwait(false));
        workloads.AddRange(await objects.ListAsync(cluster, "apps/v1", "StatefulSet", @namespace, null, ct).ConfigureAwait(false));
        return claims.Select(c => SnapshotObjects.ReadClaim(c, classes, volumes, workloads)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<VolumeSnapshotInfo>> ListSnapshotsAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        var snapshots = await objects.ListAsync(cluster, ClusterApis.CsiSnapshot, Snapshot, @namespace, null, ct).ConfigureAwait(false);
        if (snapshots.Count == 0) return [];
        var contents = ByName(await objects.ListAsync(cluster, ClusterApis.CsiSnapshot, Content, null, null, ct).ConfigureAwait(false));
        var read = snapshots.Select(s => (Info: SnapshotObjects.ReadSnapshot(s, ContentOf(s, contents)), Content: ContentOf(s, contents))).ToList();
        var members = await new GroupSnapshotMembers(objects).ResolveAsync(cluster, @namespace, read, ct).ConfigureAwait(false);
        return members.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<VolumeSnapshotInfo?> GetSnapshotAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct)
    {
        var snapshot = await objects.GetAsync(cluster, ClusterApis.CsiSnapshot, Snapshot, @namespace, name, ct).ConfigureAwait(false);
        return snapshot is null ? null : await ReadWithContentAsync(cluster, snapshot, ct).ConfigureAwait(false);
    }

    public async Task<VolumeSnapshotInfo> EnsureSnapshotAsync(ClusterConnection cluster, VolumeSnapshotSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var manifest = SnapshotObjects.VolumeSnapshot(spec);
        var target = new ApplyTarget(ClusterApis.CsiSnapshotGroup, "v1", "volumesnapshots", Snapshot, spec.Namespace, spec.Name, "a VolumeSnapshot");
        var result = await WriteAsync(cluster, target, manifest, spec.Labels, ct).ConfigureAwait(false);
        var written = JsonNode.Parse(result.Object.GetRawText()) as JsonObject ?? manifest;
        return await ReadWithContentAsync(cluster, written, ct).ConfigureAwait(false);
    }

    public async Task<bool> DeleteSnapshotAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
        await objects.DeleteAsync(cluster, ClusterApis.CsiSnapshot, Snapshot, @namespace, name, ct).ConfigureAwait(false);

    public async Task<bool> GroupSnapshotsServedAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var list = await KubeCalls.RunAsync(clients, logger, cluster, new KubeOperation("list", "API groups (/apis)"),
            (k, c) => k.Apis.GetAPIVersionsAsync(c), ct).ConfigureAwait(false);
        return (list.Groups ?? []).Any(g => g?.Name == ClusterApis.CsiGroupSnapshotGroup
            && (g.Versions ?? []).Any(v => v?.Version == ClusterApis.CsiGroupSnapshotVersion));
    }

    public async Task<IReadOnlyList<VolumeSnapshotInfo>> WaitForSnapshotsAsync(ClusterConnection cluster, string @namespace, IReadOnlyList<string> names,
        TimeSpan limit, Func<IReadOnlyList<NotReadyObject>, Task>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(names);
        var awaited = names.Select(n => new AwaitedObject(ClusterApis.CsiSnapshotGroup, "v1", "volumesnapshots", @namespace, n, $"VolumeSnapshot {n}"))
            .ToList();
        await _wait.UntilAsync(cluster, awaited, SnapshotSettled, "ready to use", limit,
            progress is null ? null : (notReady, _) => progress(notReady), ct).ConfigureAwait(false);
        var found = new List<VolumeSnapshotInfo>();
        foreach (var name in names)
        {
            if (await GetSnapshotAsync(cluster, @namespace, name, ct).ConfigureAwait(false) is { } s) found.Add(s);
        }

        return found;
    }

    /// <summary>A VolumeSnapshot that is ready to use, or that failed (its error is what the caller reports): either ends the wait.</summary>
    internal static Readiness SnapshotSettled(JsonElement? snapshot)
    {
        if (snapshot is not { } s) return Readiness.NotYet("does not exist");
        var status = VeleroStatusParser.Child(s, "status");
        if (VeleroStatusParser.Bool(status, "readyToUse") == true) return Readiness.Ready("ready to use");
        if (VeleroStatusParser.String(VeleroStatusParser.Child(status, "error"), "message") is { } error) return Readiness.Ready($"failed: {error}");
        return Readiness.NotYet(VeleroStatusParser.String(status, "boundVolumeSnapshotContentName") is null
            ? "waiting for its content" : "being cut by the driver");
    }

    public async Task<bool> LabelClaimAsync(ClusterConnection cluster, string @namespace, string claim, string key, string value, CancellationToken ct) =>
        await objects.MergePatchAsync(cluster, "v1", "PersistentVolumeClaim", @namespace, claim,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [key] = value } } }, ct).ConfigureAwait(false);

    public async Task<GroupSnapshotInfo> EnsureGroupSnapshotAsync(ClusterConnection cluster, GroupSnapshotSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var manifest = SnapshotObjects.VolumeGroupSnapshot(spec);
        var target = new ApplyTarget(ClusterApis.CsiGroupSnapshotGroup, ClusterApis.CsiGroupSnapshotVersion, "volumegroupsnapshots", Group,
            spec.Namespace, spec.Name, "a VolumeGroupSnapshot");
        var result = await WriteAsync(cluster, target, manifest, spec.Labels, ct).ConfigureAwait(false);
        return SnapshotObjects.ReadGroup(JsonNode.Parse(result.Object.GetRawText()) as JsonObject ?? manifest, null);
    }

    public async Task<GroupSnapshotInfo> WaitForGroupSnapshotAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit,
        CancellationToken ct)
    {
        var awaited = new AwaitedObject(ClusterApis.CsiGroupSnapshotGroup, ClusterApis.CsiGroupSnapshotVersion, "volumegroupsnapshots", @namespace, name,
            $"VolumeGroupSnapshot {name}");
        await _wait.UntilAsync(cluster, [awaited], SnapshotSettled, "ready to use", limit, null, ct).ConfigureAwait(false);
        var group = await objects.GetAsync(cluster, ClusterApis.CsiGroupSnapshot, Group, @namespace, name, ct).ConfigureAwait(false)
            ?? throw new ClusterAccessException(ClusterFault.NotFound, $"VolumeGroupSnapshot {name} in namespace '{@namespace}' on {cluster} is gone.");
        var contentName = Text(group["status"]?["boundVolumeGroupSnapshotContentName"]);
        var content = contentName is null ? null
            : await objects.GetAsync(cluster, ClusterApis.CsiGroupSnapshot, GroupContent, null, contentName, ct).ConfigureAwait(false);
        return SnapshotObjects.ReadGroup(group, content);
    }

    /// <summary>The one write: created once; the portal's own (same request id) adopted as it is; anyone else's refused.</summary>
    private async Task<ServerSideApplyResult> WriteAsync(ClusterConnection cluster, ApplyTarget target, JsonObject manifest,
        IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var ownerKey = labels.ContainsKey(PortalLabels.RequestId) ? PortalLabels.RequestId : PortalLabels.ManagedBy;
        var ownerValue = labels.GetValueOrDefault(ownerKey) ?? PortalLabels.ManagedByValue;
        return await ServerSideApply.ApplyAsync(clients, logger, cluster, target, manifest,
            new ApplyOwnership(ownerKey, ownerValue, "this request", "Choose another name."), ApplyPolicy.CreateOnceRefuseForeign, ct).ConfigureAwait(false);
    }

    private async Task<VolumeSnapshotInfo> ReadWithContentAsync(ClusterConnection cluster, JsonObject snapshot, CancellationToken ct)
    {
        var contentName = Text(snapshot["status"]?["boundVolumeSnapshotContentName"]);
        JsonObject? content = null;
        if (contentName is not null)
        {
            try
            {
                content = await objects.GetAsync(cluster, ClusterApis.CsiSnapshot, Content, null, contentName, ct).ConfigureAwait(false);
            }
            catch (ClusterAccessException e) when (e.Fault == ClusterFault.Forbidden)
            {
                logger.LogInformation("May not read VolumeSnapshotContent {Content} on {Cluster}: {Reason}", contentName, cluster.ClusterName, e.Message);
            }
        }

        var info = SnapshotObjects.ReadSnapshot(snapshot, content);
        return info.ClaimName is null && info.GroupName is not null
            ? (await new GroupSnapshotMembers(objects).ResolveAsync(cluster, info.Namespace, [(info, content)], ct).ConfigureAwait(false))[0]
            : info;
    }

    private static JsonObject? ContentOf(JsonObject snapshot, IReadOnlyDictionary<string, JsonObject> contents) =>
        Text(snapshot["status"]?["boundVolumeSnapshotContentName"]) is { } n ? contents.GetValueOrDefault(n) : null;

    private static Dictionary<string, JsonObject> ByName(IEnumerable<JsonObject> items)
    {
        var map = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var i in items)
        {
            if (Text(i["metadata"]?["name"]) is { } n) map[n] = i;
        }

        return map;
    }
}
