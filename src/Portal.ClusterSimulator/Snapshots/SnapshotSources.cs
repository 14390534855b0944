using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Snapshots;

/// <summary>What the external-provisioner checks for a claim whose <c>dataSource</c> (or <c>dataSourceRef</c>) is a
/// VolumeSnapshot before it provisions the volume from it: the snapshot exists in the claim's namespace, is bound and
/// ready, its content's driver is the class's provisioner, and the claim asks for at least its <c>restoreSize</c>.</summary>
internal static class SnapshotSources
{
    /// <summary>A snapshot the claim may be made from (namespace/name and the handle of its data).</summary>
    public sealed record Source(string Snapshot, string Handle);

    /// <summary>The outcome for a claim: not from a snapshot (both null), a source, or why the claim stays Pending.</summary>
    public sealed record Check(Source? From, string? Reason, string? Problem)
    {
        public static readonly Check NotFromSnapshot = new(null, null, null);
    }

    public static Check For(SimulatorContext sim, JsonObject claim, string className, string provisioner)
    {
        var dataSource = claim.AtPath("spec.dataSourceRef") as JsonObject ?? claim.AtPath("spec.dataSource") as JsonObject;
        if (dataSource is null || dataSource.StringProperty("kind") != "VolumeSnapshot" || dataSource.StringProperty("apiGroup") != SnapshotObjects.Group)
            return Check.NotFromSnapshot;
        var ns = dataSource.StringProperty("namespace") ?? JsonHelpers.NamespaceOf(claim)!;
        var name = dataSource.StringProperty("name") ?? "";
        var prefix = $"failed to provision volume with StorageClass \"{className}\": error getting handle for DataSource Type VolumeSnapshot by Name {name}: ";
        Check Pending(string why) => new(null, "ProvisioningFailed", prefix + why);

        var snapshotDef = sim.Definition(SnapshotObjects.ApiVersion, "VolumeSnapshot");
        var contentDef = sim.Definition(SnapshotObjects.ApiVersion, "VolumeSnapshotContent");
        if (snapshotDef is null || contentDef is null)
            return Pending($"error getting snapshot {name} from api server: the server could not find the requested resource");
        var snapshot = sim.Store.Get(snapshotDef, ns, name);
        if (snapshot is null)
            return Pending($"error getting snapshot {name} from api server: volumesnapshots.snapshot.storage.k8s.io \"{name}\" not found");
        if (snapshot.AtPath("status.readyToUse") is not JsonValue r || !r.TryGetValue<bool>(out var ready) || !ready)
            return Pending($"snapshot {name} is not Ready");
        var contentName = snapshot.AtPath("status.boundVolumeSnapshotContentName").ScalarText();
        var content = contentName is null ? null : sim.Store.Get(contentDef, null, contentName);
        if (content is null)
            return Pending($"snapshot {name} not bound");
        var driver = content.AtPath("spec.driver").ScalarText();
        if (driver != provisioner)
            return Pending($"snapshot content {contentName} has driver {driver}, which is not the storage class's provisioner {provisioner}");
        var requested = SnapshotObjects.Bytes(claim.AtPath("spec.resources.requests.storage").ScalarText()) ?? 0;
        var restoreSize = content.AtPath("status.restoreSize").Long() ?? SnapshotObjects.Bytes(snapshot.AtPath("status.restoreSize").ScalarText()) ?? 0;
        if (requested < restoreSize)
            return Pending($"requested volume size {requested} is less than the size {restoreSize} for the source snapshot {name}");
        return new Check(new Source($"{ns}/{name}", content.AtPath("status.snapshotHandle").ScalarText() ?? ""), null, null);
    }

    /// <summary>Marks a volume made from a snapshot with the snapshot whose data it holds.</summary>
    public static void Mark(JsonObject volume, Source source)
    {
        var meta = volume.Metadata();
        if (meta["annotations"] is not JsonObject annotations)
        {
            annotations = new JsonObject();
            meta["annotations"] = annotations;
        }
        annotations[SnapshotObjects.RestoredFromAnnotation] = source.Snapshot;
        annotations[SnapshotObjects.RestoredHandleAnnotation] = source.Handle;
    }
}
