using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Snapshots;

/// <summary>Builds the CSI snapshot objects the portal writes (valid against external-snapshotter's CRDs) and reads the
/// ones it finds: VolumeSnapshot and VolumeSnapshotContent (<c>snapshot.storage.k8s.io/v1</c>), VolumeGroupSnapshot
/// (<c>groupsnapshot.storage.k8s.io</c>), and the claims, volumes and classes around them.</summary>
public static class SnapshotObjects
{
    public const string DefaultClassAnnotation = "snapshot.storage.kubernetes.io/is-default-class";

    /// <summary>A VolumeSnapshot of one claim; no class means the cluster's default class for the claim's driver.</summary>
    public static JsonObject VolumeSnapshot(VolumeSnapshotSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var s = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = spec.ClaimName } };
        if (!string.IsNullOrWhiteSpace(spec.SnapshotClass)) s["volumeSnapshotClassName"] = spec.SnapshotClass;
        return new JsonObject
        {
            ["apiVersion"] = ClusterApis.CsiSnapshot,
            ["kind"] = "VolumeSnapshot",
            ["metadata"] = new JsonObject { ["name"] = spec.Name, ["namespace"] = spec.Namespace, ["labels"] = Labels(spec.Labels) },
            ["spec"] = s,
        };
    }

    /// <summary>A VolumeGroupSnapshot of the claims carrying every label of the selector.</summary>
    public static JsonObject VolumeGroupSnapshot(GroupSnapshotSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var match = new JsonObject();
        foreach (var (k, v) in spec.Selector.OrderBy(l => l.Key, StringComparer.Ordinal)) match[k] = v;
        var s = new JsonObject { ["source"] = new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = match } } };
        if (!string.IsNullOrWhiteSpace(spec.GroupSnapshotClass)) s["volumeGroupSnapshotClassName"] = spec.GroupSnapshotClass;
        return new JsonObject
        {
            ["apiVersion"] = ClusterApis.CsiGroupSnapshot,
            ["kind"] = "VolumeGroupSnapshot",
            ["metadata"] = new JsonObject { ["name"] = spec.Name, ["namespace"] = spec.Namespace, ["labels"] = Labels(spec.Labels) },
            ["spec"] = s,
        };
    }

    private static JsonObject Labels(IReadOnlyDictionary<string, string> labels)
    {
        var o = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal)) o[key] = value;
        o[PortalLabels.ManagedBy] = PortalLabels.ManagedByValue;
        return o;
    }

    /// <summary>A VolumeSnapshot as read, with its content (null when not bound yet or not readable).</summary>
    public static VolumeSnapshotInfo ReadSnapshot(JsonObject snapshot, JsonObject? content)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var status = snapshot["status"];
        var contentName = Text(status?["boundVolumeSnapshotContentName"]) ?? Text(content?["metadata"]?["name"]);
        return new VolumeSnapshotInfo(
            Text(snapshot["metadata"]?["namespace"]) ?? "",
            Text(snapshot["metadata"]?["name"]) ?? "",
            Text(snapshot["spec"]?["source"]?["persistentVolumeClaimName"]),
            Text(snapshot["spec"]?["volumeSnapshotClassName"]) ?? Text(content?["spec"]?["volumeSnapshotClassName"]),
            Bool(status?["readyToUse"]) ?? false,
            Scalar(status?["restoreSize"]) ?? Scalar(content?["status"]?["restoreSize"]),
            Time(snapshot["metadata"]?["creationTimestamp"]) ?? DateTimeOffset.MinValue,
            Time(status?["creationTime"]),
            Text(status?["error"]?["message"]),
            contentName,
            Text(content?["status"]?["error"]?["message"]),
            Text(content?["spec"]?["deletionPolicy"]),
            Text(content?["spec"]?["driver"]),
            Text(status?["volumeGroupSnapshotName"]),
            LabelsOf(snapshot));
    }

    public static GroupSnapshotInfo ReadGroup(JsonObject group, JsonObject? content)
    {
        ArgumentNullException.ThrowIfNull(group);
        var status = group["status"];
        return new GroupSnapshotInfo(
            Text(group["metadata"]?["namespace"]) ?? "",
            Text(group["metadata"]?["name"]) ?? "",
            Bool(status?["readyToUse"]) ?? false,
            Text(status?["error"]?["message"]),
            Text(status?["boundVolumeGroupSnapshotContentName"]),
            Text(content?["status"]?["error"]?["message"]),
            Time(group["metadata"]?["creationTimestamp"]) ?? DateTimeOffset.MinValue);
    }

    /// <summary>A claim as snapshots see it: its class's provisioner, its volume (in-tree when the volume has no CSI source),
    /// and the Deployments/StatefulSets mounting it (directly, or through a StatefulSet's claim template).</summary>
    public static SnapshotClaimInfo ReadClaim(JsonObject claim, IReadOnlyDictionary<string, JsonObject> storageClasses,
        IReadOnlyDictionary<string, JsonObject> volumes, IReadOnlyList<JsonObject> workloads)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(storageClasses);
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(workloads);
        var name = Text(claim["metadata"]?["name"]) ?? "";
        var className = Text(claim["spec"]?["storageClassName"]);
        var volumeName = Text(claim["spec"]?["volumeName"]);
        var volume = volumeName is null ? null : volumes.GetValueOrDefault(volumeName);
        var provisioner = className is null ? null : Text(storageClasses.GetValueOrDefault(className)?["provisioner"]);
        provisioner ??= Text(volume?["spec"]?["csi"]?["driver"]);
        var inTree = volume is not null && volume["spec"]?["csi"] is null;
        var usedBy = workloads.Where(w => Mounts(w, name)).Select(w => new WorkloadReference(Text(w["kind"]) ?? "Deployment", Text(w["metadata"]?["name"]) ?? ""))
            .ToList();
        return new SnapshotClaimInfo(Text(claim["metadata"]?["namespace"]) ?? "", name, className, provisioner,
            Text(claim["status"]?["phase"]) ?? "Pending", Scalar(claim["status"]?["capacity"]?["storage"]) ?? Scalar(claim["spec"]?["resources"]?["requests"]?["storage"]),
            volumeName, inTree, usedBy, LabelsOf(claim));
    }

    /// <summary>Whether a Deployment or StatefulSet mounts the claim.</summary>
    public static bool Mounts(JsonObject workload, string claim)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload["spec"]?["template"]?["spec"]?["volumes"] is JsonArray volumes
            && volumes.OfType<JsonObject>().Any(v => Text(v["persistentVolumeClaim"]?["claimName"]) == claim))
            return true;
        var set = Text(workload["metadata"]?["name"]);
        if (Text(workload["kind"]) != "StatefulSet" || set is null || workload["spec"]?["volumeClaimTemplates"] is not JsonArray templates) return false;
        foreach (var t in templates.OfType<JsonObject>())
        {
            var prefix = $"{Text(t["metadata"]?["name"])}-{set}-";
            if (claim.StartsWith(prefix, StringComparison.Ordinal) && claim.Length > prefix.Length
                && claim[prefix.Length..].All(char.IsAsciiDigit))
                return true;
        }

        return false;
    }

    internal static IReadOnlyDictionary<string, string> LabelsOf(JsonObject o) =>
        o["metadata"]?["labels"] is JsonObject labels
            ? labels.Where(l => Text(l.Value) is not null).ToDictionary(l => l.Key, l => Text(l.Value)!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static bool? Bool(JsonNode? n) => n is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>A quantity or a number as text ("1Gi", 1073741824).</summary>
    private static string? Scalar(JsonNode? n) => n is JsonValue v
        ? v.TryGetValue<string>(out var s) ? s : v.TryGetValue<long>(out var l) ? l.ToString(CultureInfo.InvariantCulture) : null
        : null;

    private static DateTimeOffset? Time(JsonNode? n) =>
        Text(n) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
