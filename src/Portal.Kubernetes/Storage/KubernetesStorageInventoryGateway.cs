using System.Text.Json.Nodes;
using k8s.Models;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Kubernetes.Moves;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Storage;

/// <summary>The <see cref="IStorageInventoryGateway"/> over the migration gateway's generic reads and its one apply, as the
/// drill gateway is. Reads are list/get of cluster-scoped storage objects and of claims and volumes; the one write is the
/// two marks of a snapshot class.</summary>
public sealed class KubernetesStorageInventoryGateway(KubernetesMigrationGateway objects) : IStorageInventoryGateway
{
    public const string VeleroLabel = "velero.io/csi-volumesnapshot-class";
    public const string DefaultSnapshotClassAnnotation = "snapshot.storage.kubernetes.io/is-default-class";
    private const string DefaultStorageClassAnnotation = "storageclass.kubernetes.io/is-default-class";
    private const string SnapshotClassKind = "VolumeSnapshotClass";

    public async Task<StorageInventory> ReadAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var storageClasses = objects.ListAsync(cluster, "storage.k8s.io/v1", "StorageClass", null, null, ct);
        var snapshotClasses = ReadSnapshotClassesAsync(cluster, ct);
        var claims = objects.ListAsync(cluster, "v1", "PersistentVolumeClaim", null, null, ct);
        var volumes = objects.ListAsync(cluster, "v1", "PersistentVolume", null, null, ct);
        await Task.WhenAll(storageClasses, snapshotClasses, claims, volumes).ConfigureAwait(false);

        var byVolume = (await volumes.ConfigureAwait(false)).Where(v => Name(v) is not null).ToDictionary(v => Name(v)!, StringComparer.Ordinal);
        var (served, classes) = await snapshotClasses.ConfigureAwait(false);
        return new StorageInventory(
            (await storageClasses.ConfigureAwait(false)).Select(StorageClass).OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
            served, classes,
            (await claims.ConfigureAwait(false)).Select(c => Claim(c, byVolume))
                .OrderBy(c => c.Namespace, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList());
    }

    public async Task<IReadOnlyList<SnapshotClassInfo>> ListSnapshotClassesAsync(ClusterConnection cluster, CancellationToken ct) =>
        (await ReadSnapshotClassesAsync(cluster, ct).ConfigureAwait(false)).Classes;

    public async Task<bool> MarkSnapshotClassAsync(ClusterConnection cluster, string name, SnapshotClassMarks marks, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(marks);
        var live = await objects.GetAsync(cluster, ClusterApis.CsiSnapshot, SnapshotClassKind, null, name, ct).ConfigureAwait(false);
        if (live is null) return false;
        // A mark someone else set (kubectl, Helm) is theirs: leaving it out of the apply would keep it. To remove it, the portal
        // first takes the field over (a forced apply of another value, so it is the field's only manager), then leaves it out.
        var takeOver = new List<(string Section, string Key)>();
        if (!marks.ForVelero && Label(live, VeleroLabel) is not null) takeOver.Add(("labels", VeleroLabel));
        if (!marks.IsDefault && Annotation(live, DefaultSnapshotClassAnnotation) is not null) takeOver.Add(("annotations", DefaultSnapshotClassAnnotation));
        if (takeOver.Count > 0)
        {
            var taken = Fields(name, marks);
            foreach (var (section, key) in takeOver) Section(taken, section)[key] = "false";
            if (!await objects.ApplyFieldsAsync(cluster, taken, ct).ConfigureAwait(false)) return false;
        }

        return await objects.ApplyFieldsAsync(cluster, Fields(name, marks), ct).ConfigureAwait(false);
    }

    /// <summary>The apply configuration of the portal's fields of a snapshot class: the marks that should be there, and only them.</summary>
    internal static JsonObject Fields(string name, SnapshotClassMarks marks)
    {
        var fields = new JsonObject { ["apiVersion"] = ClusterApis.CsiSnapshot, ["kind"] = SnapshotClassKind, ["metadata"] = new JsonObject { ["name"] = name } };
        if (marks.ForVelero) Section(fields, "labels")[VeleroLabel] = "true";
        if (marks.IsDefault) Section(fields, "annotations")[DefaultSnapshotClassAnnotation] = "true";
        return fields;
    }

    private static JsonObject Section(JsonObject fields, string section)
    {
        var metadata = (JsonObject)fields["metadata"]!;
        if (metadata[section] is not JsonObject o) metadata[section] = o = new JsonObject();
        return o;
    }

    private async Task<(bool Served, IReadOnlyList<SnapshotClassInfo> Classes)> ReadSnapshotClassesAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var items = await objects.ListAsync(cluster, ClusterApis.CsiSnapshot, SnapshotClassKind, null, null, ct).ConfigureAwait(false);
        var isServed = items.Count > 0 || await objects.ServesAsync(cluster, ClusterApis.CsiSnapshot, SnapshotClassKind, ct).ConfigureAwait(false);
        return (isServed, items.Select(SnapshotClass).OrderBy(c => c.Driver, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).ToList());
    }

    private static StorageClassInfo StorageClass(JsonObject s) => new(
        Name(s) ?? "", Text(s["provisioner"]) ?? "", Text(s["reclaimPolicy"]) ?? "Delete", Text(s["volumeBindingMode"]) ?? "Immediate",
        s["allowVolumeExpansion"] is JsonValue v && v.TryGetValue<bool>(out var grow) && grow,
        IsTrue(Annotation(s, DefaultStorageClassAnnotation)) || IsTrue(Annotation(s, "storageclass.beta.kubernetes.io/is-default-class")));

    private static SnapshotClassInfo SnapshotClass(JsonObject c) => new(
        Name(c) ?? "", Text(c["driver"]) ?? "", Text(c["deletionPolicy"]) ?? "",
        (c["parameters"] as JsonObject ?? []).Where(p => Text(p.Value) is not null).ToDictionary(p => p.Key, p => Text(p.Value)!),
        Label(c, VeleroLabel) is not null, IsTrue(Annotation(c, DefaultSnapshotClassAnnotation)), Text(c["metadata"]?["resourceVersion"]));

    private static StorageClaimInfo Claim(JsonObject c, Dictionary<string, JsonObject> volumes)
    {
        var volumeName = Text(c["spec"]?["volumeName"]);
        var volume = volumeName is null ? null : volumes.GetValueOrDefault(volumeName);
        var bound = Text(c["status"]?["capacity"]?["storage"]);
        var capacity = bound ?? Text(c["spec"]?["resources"]?["requests"]?["storage"]);
        var csi = volume?["spec"]?["csi"];
        return new StorageClaimInfo(Text(c["metadata"]?["namespace"]) ?? "", Name(c) ?? "",
            Text(c["spec"]?["storageClassName"]) ?? Text(volume?["spec"]?["storageClassName"]), capacity, Bytes(capacity),
            Text(c["status"]?["phase"]) ?? "Pending", volumeName, Text(csi?["driver"]), volume is not null && csi is null);
    }

    /// <summary>A quantity ("10Gi", "500M") in bytes by the client library's parser; 0 when missing or not a quantity.</summary>
    internal static long Bytes(string? quantity)
    {
        if (string.IsNullOrWhiteSpace(quantity)) return 0;
        try
        {
            return (long)Math.Min(new ResourceQuantity(quantity).ToDecimal(), long.MaxValue);
        }
        catch (FormatException)
        {
            return 0;
        }
    }

    private static string? Name(JsonObject o) => Text(o["metadata"]?["name"]);
    private static string? Label(JsonObject o, string key) => Text(o["metadata"]?["labels"]?[key]);
    private static string? Annotation(JsonObject o, string key) => Text(o["metadata"]?["annotations"]?[key]);
    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
