using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Kubernetes.Moves;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Snapshots;

/// <summary>The <see cref="IClaimRestoreGateway"/> over the migration gateway's generic reads, its merge patch and its one
/// apply (server-side apply, a foreign object of the name left as it is), waiting with the one wait (<see cref="ClusterWait"/>).</summary>
public sealed class KubernetesClaimRestoreGateway(KubernetesMigrationGateway objects, IKubernetesClientFactory clients,
    IOptions<KubernetesGatewayOptions> options, ILogger<KubernetesClaimRestoreGateway> logger, TimeProvider time) : IClaimRestoreGateway
{
    private readonly ClusterWait _wait = new(clients, options, logger, time);

    public async Task<ClaimDetail?> GetClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct)
    {
        var claim = await objects.GetAsync(cluster, "v1", "PersistentVolumeClaim", @namespace, name, ct).ConfigureAwait(false);
        if (claim is null) return null;
        var cls = Text(claim["spec"]?["storageClassName"]);
        var provisioner = cls is null ? null
            : Text((await objects.GetAsync(cluster, "storage.k8s.io/v1", "StorageClass", null, cls, ct).ConfigureAwait(false))?["provisioner"]);
        return ClaimObjects.Read(claim, provisioner);
    }

    public async Task<VolumeDetail?> GetVolumeAsync(ClusterConnection cluster, string name, CancellationToken ct)
    {
        var pv = await objects.GetAsync(cluster, "v1", "PersistentVolume", null, name, ct).ConfigureAwait(false);
        if (pv is null) return null;
        var claimRef = pv["spec"]?["claimRef"];
        return new VolumeDetail(name, Text(pv["spec"]?["persistentVolumeReclaimPolicy"]) ?? "Delete", Text(pv["status"]?["phase"]) ?? "Pending",
            Text(claimRef?["namespace"]), Text(claimRef?["name"]), Text(claimRef?["uid"]));
    }

    public async Task<WorkloadClaims?> GetWorkloadClaimsAsync(ClusterConnection cluster, string @namespace, WorkloadReference workload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Kind is not ("Deployment" or "StatefulSet")) return null;
        var o = await objects.GetAsync(cluster, "apps/v1", workload.Kind, @namespace, workload.Name, ct).ConfigureAwait(false);
        return o is null ? null : ClaimObjects.ReadWorkload(o, workload);
    }

    public async Task<ClaimCreation> CreateClaimAsync(ClusterConnection cluster, ClaimFromSnapshotSpec spec, string requestLabelValue, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = await objects.ApplyAsync(cluster, ClaimObjects.Claim(spec), new(PortalLabels.RequestId, requestLabelValue), ct).ConfigureAwait(false);
        return result switch
        {
            ApplyResult.Created => ClaimCreation.Created,
            ApplyResult.Updated => ClaimCreation.AlreadyThisRequests,
            _ => ClaimCreation.Taken,
        };
    }

    public async Task<bool> DeleteClaimAsync(ClusterConnection cluster, string @namespace, string name, string uid, TimeSpan limit, CancellationToken ct)
    {
        var current = await GetClaimAsync(cluster, @namespace, name, ct).ConfigureAwait(false);
        if (current is null || current.Uid != uid) return false;
        if (!current.Deleting) await objects.DeleteAsync(cluster, "v1", "PersistentVolumeClaim", @namespace, name, ct).ConfigureAwait(false);
        var awaited = new AwaitedObject("", "v1", "persistentvolumeclaims", @namespace, name, $"claim {name}");
        // Gone, or already replaced by a claim of another uid: the one deleted is no longer there either way.
        await _wait.UntilAsync(cluster, [awaited], o => o is { } c && ClaimObjects.Uid(c) == uid
                ? Readiness.NotYet("still there (its pods may still mount it)") : Readiness.Ready("gone"),
            "deleted", limit, null, ct).ConfigureAwait(false);
        return true;
    }

    public Task<bool> SetReclaimPolicyAsync(ClusterConnection cluster, string volume, string policy, CancellationToken ct) =>
        objects.MergePatchAsync(cluster, "v1", "PersistentVolume", null, volume,
            new JsonObject { ["spec"] = new JsonObject { ["persistentVolumeReclaimPolicy"] = policy } }, ct);

    public Task<bool> MakeVolumeBindableAsync(ClusterConnection cluster, string volume, CancellationToken ct) =>
        objects.MergePatchAsync(cluster, "v1", "PersistentVolume", null, volume,
            new JsonObject { ["spec"] = new JsonObject { ["claimRef"] = new JsonObject { ["uid"] = null, ["resourceVersion"] = null } } }, ct);

    public async Task<ClaimDetail> WaitForClaimBoundAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit, CancellationToken ct)
    {
        var awaited = new AwaitedObject("", "v1", "persistentvolumeclaims", @namespace, name, $"claim {name}");
        try
        {
            await _wait.UntilAsync(cluster, [awaited], WaitConditions.ClaimBound, "bound", limit, null, ct).ConfigureAwait(false);
        }
        catch (ClusterWaitTimeoutException e)
        {
            throw new ClusterWaitTimeoutException(
                $"Claim {name} in {@namespace} is not bound {Durations.Words(limit)} after it was made ({string.Join(", ", e.NotReady.Select(n => n.Reason))}).",
                e.NotReady);
        }
        return await GetClaimAsync(cluster, @namespace, name, ct).ConfigureAwait(false)
            ?? throw new ClusterAccessException(ClusterFault.NotFound, $"Claim {name} in {@namespace} went away right after it was bound.");
    }
}

/// <summary>The claim objects a restore from a snapshot writes, and the reads of claims and workloads.</summary>
public static class ClaimObjects
{
    public static JsonObject Claim(ClaimFromSnapshotSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var labels = new JsonObject { [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue };
        foreach (var (k, v) in spec.Labels) labels[k] = v;
        var s = new JsonObject
        {
            ["accessModes"] = new JsonArray(spec.AccessModes.Select(m => (JsonNode)JsonValue.Create(m)!).ToArray()),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = spec.Size } },
        };
        if (spec.StorageClass is not null) s["storageClassName"] = spec.StorageClass;
        if (spec.SnapshotName is not null)
            s["dataSource"] = new JsonObject { ["apiGroup"] = "snapshot.storage.k8s.io", ["kind"] = "VolumeSnapshot", ["name"] = spec.SnapshotName };
        if (spec.VolumeName is not null) s["volumeName"] = spec.VolumeName;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject { ["name"] = spec.Name, ["namespace"] = spec.Namespace, ["labels"] = labels },
            ["spec"] = s,
        };
    }

    public static string? Uid(JsonElement claim) =>
        claim.TryGetProperty("metadata", out var m) && m.TryGetProperty("uid", out var u) ? u.GetString() : null;

    public static ClaimDetail Read(JsonObject claim, string? provisioner)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var meta = claim["metadata"];
        var spec = claim["spec"];
        var labels = (meta?["labels"] as JsonObject)?.Where(p => Text(p.Value) is not null).ToDictionary(p => p.Key, p => Text(p.Value)!)
            ?? new Dictionary<string, string>();
        var source = spec?["dataSource"];
        return new ClaimDetail(Text(meta?["namespace"]) ?? "", Text(meta?["name"]) ?? "", Text(meta?["uid"]) ?? "", Text(spec?["storageClassName"]),
            provisioner, (spec?["accessModes"] as JsonArray)?.Select(Text).OfType<string>().ToList() ?? [],
            Text(spec?["resources"]?["requests"]?["storage"]), Text(claim["status"]?["phase"]) ?? "Pending", Text(spec?["volumeName"]),
            Text(source?["kind"]) == "VolumeSnapshot" ? Text(source?["name"]) : null, labels, meta?["deletionTimestamp"] is not null);
    }

    public static WorkloadClaims ReadWorkload(JsonObject o, WorkloadReference workload)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(workload);
        var spec = o["spec"];
        var replicas = spec?["replicas"] is JsonValue r && r.TryGetValue<int>(out var n) ? n : 1;
        var claims = (spec?["template"]?["spec"]?["volumes"] as JsonArray ?? [])
            .Select(v => Text(v?["persistentVolumeClaim"]?["claimName"])).OfType<string>().ToList();
        if (workload.Kind == "StatefulSet")
        {
            // A StatefulSet's pods mount <template>-<set>-<ordinal>.
            foreach (var t in (spec?["volumeClaimTemplates"] as JsonArray ?? []).Select(t => Text(t?["metadata"]?["name"])).OfType<string>())
                claims.AddRange(Enumerable.Range(0, Math.Max(replicas, 1)).Select(i => $"{t}-{workload.Name}-{i}"));
        }
        return new WorkloadClaims(workload, replicas, claims.Distinct().ToList());
    }
}
