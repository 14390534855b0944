using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Workloads;

namespace Portal.ClusterSimulator.Snapshots;

/// <summary>
/// Plays kubernetes-csi/external-snapshotter: the snapshot-controller (a VolumeSnapshot of a claim gets its class,
/// a bound VolumeSnapshotContent <c>snapcontent-&lt;uid&gt;</c> and a status mirrored from the content; a
/// pre-provisioned one binds to the content it names) and the csi-snapshotter sidecar of every driver (a content is
/// cut: <c>snapshotHandle</c>, <c>creationTime</c>, <c>restoreSize</c>, then <c>readyToUse</c> after the cluster's
/// delay). Failures land in <c>status.error</c>, worded as upstream. A deleted VolumeSnapshot's content follows its
/// deletionPolicy (Delete removes it, Retain keeps it, pointing at the snapshot that is gone). No finalizers.
/// </summary>
internal sealed class SnapshotController(SimulatorContext sim)
{
    private const string Controller = SnapshotObjects.Controller;

    private readonly ResourceDefinition? _classes = sim.Definition(SnapshotObjects.ApiVersion, "VolumeSnapshotClass");
    private readonly ResourceDefinition? _snapshots = sim.Definition(SnapshotObjects.ApiVersion, "VolumeSnapshot");
    private readonly ResourceDefinition? _contents = sim.Definition(SnapshotObjects.ApiVersion, "VolumeSnapshotContent");
    private readonly ResourceDefinition _claims = sim.Definition("v1", "PersistentVolumeClaim")!;
    private readonly ResourceDefinition _volumes = sim.Definition("v1", "PersistentVolume")!;

    /// <summary>VolumeSnapshots (null when the cluster does not serve them).</summary>
    internal ResourceDefinition? Snapshots => _snapshots;

    /// <summary>VolumeSnapshotContents (null when the cluster does not serve them).</summary>
    internal ResourceDefinition? Contents => _contents;

    internal ResourceDefinition Claims => _claims;

    internal ResourceDefinition Volumes => _volumes;

    public void Step()
    {
        if (_snapshots is null || _contents is null) return;
        var now = sim.Store.Time.GetUtcNow();
        var contents = sim.Store.List(_contents, null).Items;
        foreach (var content in contents) Cut(content, contents, now);
        var snapshots = sim.Store.List(_snapshots, null).Items;
        var classes = _classes is null ? [] : sim.Store.List(_classes, null).Items;
        foreach (var snapshot in snapshots) Sync(snapshot, classes, now);
        ReclaimContents(snapshots);
    }

    // ---- the snapshot-controller ----

    private void Sync(JsonObject snapshot, IReadOnlyList<JsonObject> classes, DateTimeOffset now)
    {
        var ns = JsonHelpers.NamespaceOf(snapshot)!;
        var name = JsonHelpers.NameOf(snapshot)!;
        var uid = snapshot["metadata"].StringProperty("uid")!;
        var source = snapshot.AtPath("spec.source");
        var claimName = source.StringProperty("persistentVolumeClaimName");
        var contentName = source.StringProperty("volumeSnapshotContentName");
        if ((claimName is null) == (contentName is null))
        {
            Fail(snapshot, "SnapshotValidationError", "Exactly one of PersistentVolumeClaimName and VolumeSnapshotContentName should be specified", now);
            return;
        }
        if (contentName is not null)
        {
            SyncPreProvisioned(snapshot, contentName, now);
            return;
        }
        var existing = sim.Store.Get(_contents!, null, SnapshotObjects.ContentName(uid));
        if (existing is not null)
        {
            if (existing.AtPath("spec.volumeSnapshotRef.uid").ScalarText() != uid)
            {
                Fail(snapshot, "SnapshotContentMisbound", $"VolumeSnapshotContent [{JsonHelpers.NameOf(existing)}] is bound to a different snapshot", now);
                return;
            }
            Mirror(snapshot, existing);
            return;
        }
        if (snapshot.AtPath("status.boundVolumeSnapshotContentName").ScalarText() is { Length: > 0 })
        {
            // its content was deleted under it: the snapshot is not cut again
            Fail(snapshot, "SnapshotContentMissing", "VolumeSnapshotContent is missing", now);
            return;
        }

        // the class: the one named, else the default class of the claim's driver (written into the spec, as upstream)
        var className = snapshot.AtPath("spec.volumeSnapshotClassName").ScalarText();
        JsonObject? snapshotClass;
        if (className is null)
        {
            var (volume, problem) = VolumeOf(ns, claimName!);
            if (problem is null && volume!.AtPath("spec.csi") is null)
                problem = $"snapshotting non-CSI volumes is not supported, snapshot:{ns}/{name}";
            if (problem is not null)
            {
                Fail(snapshot, "SetDefaultSnapshotClassFailed", $"Failed to set default snapshot class with error {problem}", now);
                return;
            }
            var driver = volume!.AtPath("spec.csi.driver").ScalarText() ?? "";
            var defaults = SnapshotObjects.DefaultClasses(classes, SnapshotObjects.DefaultClassAnnotation, driver);
            if (defaults.Count != 1)
            {
                var why = defaults.Count == 0 ? "cannot find default snapshot class" : $"{defaults.Count} default snapshot classes were found";
                Fail(snapshot, "SetDefaultSnapshotClassFailed", $"Failed to set default snapshot class with error {why}", now);
                return;
            }
            snapshotClass = defaults[0];
            className = JsonHelpers.NameOf(snapshotClass)!;
            var chosen = className;
            sim.Store.Mutate(_snapshots!, ns, name, o =>
            {
                WorkloadObjects.Child(o, "spec")["volumeSnapshotClassName"] = chosen;
                return true;
            });
        }
        else
        {
            snapshotClass = classes.FirstOrDefault(c => JsonHelpers.NameOf(c) == className);
        }

        const string inputFailed = "Failed to create snapshot content with error failed to get input parameters to create snapshot ";
        if (snapshotClass is null)
        {
            Fail(snapshot, "SnapshotContentCreationFailed",
                inputFailed + name + ": " + SnapshotObjects.GoQuote($"volumesnapshotclass.snapshot.storage.k8s.io \"{className}\" not found"), now);
            return;
        }
        var (pv, volumeProblem) = VolumeOf(ns, claimName!);
        if (volumeProblem is not null)
        {
            Fail(snapshot, "SnapshotContentCreationFailed", inputFailed + name + ": " + SnapshotObjects.GoQuote(volumeProblem), now);
            return;
        }
        if (pv!.AtPath("spec.csi.volumeHandle").ScalarText() is not { } volumeHandle)
        {
            Fail(snapshot, "SnapshotContentCreationFailed",
                $"Failed to create snapshot content with error cannot find CSI PersistentVolumeSource for volume {JsonHelpers.NameOf(pv!)}", now);
            return;
        }

        var content = new JsonObject
        {
            ["apiVersion"] = SnapshotObjects.ApiVersion,
            ["kind"] = "VolumeSnapshotContent",
            ["metadata"] = new JsonObject { ["name"] = SnapshotObjects.ContentName(uid) },
            ["spec"] = new JsonObject
            {
                ["volumeSnapshotRef"] = Ref(snapshot),
                ["source"] = new JsonObject { ["volumeHandle"] = volumeHandle },
                ["volumeSnapshotClassName"] = className,
                ["deletionPolicy"] = snapshotClass.StringProperty("deletionPolicy") ?? "Delete",
                ["driver"] = snapshotClass.StringProperty("driver"),
                ["sourceVolumeMode"] = pv.AtPath("spec.volumeMode").ScalarText() ?? "Filesystem",
            },
        };
        JsonObject created;
        try
        {
            created = sim.Store.Create(_contents!, content);
        }
        catch (ApiException)
        {
            return; // created meanwhile: mirrored at the next step
        }
        SnapshotObjects.Event(sim, snapshot, "Normal", "CreatingSnapshot", $"Waiting for a snapshot {ns}/{name} to be created by the CSI driver.", Controller);
        Mirror(snapshot, created);
    }

    private void SyncPreProvisioned(JsonObject snapshot, string contentName, DateTimeOffset now)
    {
        var content = sim.Store.Get(_contents!, null, contentName);
        if (content is null)
        {
            Fail(snapshot, "SnapshotContentMissing", "VolumeSnapshotContent is missing", now);
            return;
        }
        if (content.AtPath("spec.source.snapshotHandle") is null)
        {
            Fail(snapshot, "SnapshotContentMismatch", "VolumeSnapshotContent is dynamically provisioned while expecting a pre-provisioned one", now);
            return;
        }
        var reference = content.AtPath("spec.volumeSnapshotRef");
        var uid = snapshot["metadata"].StringProperty("uid");
        var refUid = reference.StringProperty("uid");
        if (reference.StringProperty("name") != JsonHelpers.NameOf(snapshot) || reference.StringProperty("namespace") != JsonHelpers.NamespaceOf(snapshot)
            || (!string.IsNullOrEmpty(refUid) && refUid != uid))
        {
            Fail(snapshot, "SnapshotContentMisbound", $"VolumeSnapshotContent [{contentName}] is bound to a different snapshot", now);
            return;
        }
        if (string.IsNullOrEmpty(refUid))
        {
            // bind the content to this snapshot (its uid), as the controller does
            content = sim.Store.Mutate(_contents!, null, contentName, o =>
            {
                ((JsonObject)o.AtPath("spec.volumeSnapshotRef")!)["uid"] = uid;
                if (snapshot.AtPath("spec.volumeSnapshotClassName").ScalarText() is { } c) WorkloadObjects.Child(o, "spec")["volumeSnapshotClassName"] = c;
                return true;
            }) ?? content;
        }
        Mirror(snapshot, content);
    }

    /// <summary>The snapshot's status follows its content's (bound name, creation time, readiness, size, error).</summary>
    private void Mirror(JsonObject snapshot, JsonObject content)
    {
        var cs = content["status"] as JsonObject;
        var status = new JsonObject { ["boundVolumeSnapshotContentName"] = JsonHelpers.NameOf(content) };
        if (cs?["creationTime"].Long() is { } created) status["creationTime"] = JsonHelpers.Timestamp(SnapshotObjects.FromUnixNanos(created));
        status["readyToUse"] = cs?["readyToUse"] is JsonValue r && r.TryGetValue<bool>(out var ready) && ready;
        if (cs?["restoreSize"].Long() is { } size) status["restoreSize"] = SnapshotObjects.Quantity(size);
        if (cs?["error"] is JsonObject error) status["error"] = error.DeepClone();
        if (snapshot.AtPath("status.volumeGroupSnapshotName") is { } group) status["volumeGroupSnapshotName"] = group.DeepClone();
        var wasReady = snapshot.AtPath("status.readyToUse") is JsonValue w && w.TryGetValue<bool>(out var before) && before;
        if (!SnapshotObjects.WriteStatus(sim, _snapshots!, snapshot, status)) return;
        var key = $"{JsonHelpers.NamespaceOf(snapshot)}/{JsonHelpers.NameOf(snapshot)}";
        if (!wasReady && status["readyToUse"]!.GetValue<bool>())
            SnapshotObjects.Event(sim, snapshot, "Normal", "SnapshotReady", $"Snapshot {key} is ready to use.", Controller);
        if (status["error"] is JsonObject e)
            SnapshotObjects.Event(sim, snapshot, "Warning", "SnapshotContentCheckandUpdateFailed", e.StringProperty("message") ?? "", Controller);
    }

    private void Fail(JsonObject snapshot, string reason, string message, DateTimeOffset now) =>
        SnapshotObjects.Fail(sim, _snapshots!, snapshot, reason, message, now);

    /// <summary>The claim's bound volume, or the snapshot-controller's words for why there is none.</summary>
    internal (JsonObject? Volume, string? Problem) VolumeOf(string ns, string claimName)
    {
        var claim = sim.Store.Get(_claims, ns, claimName);
        if (claim is null)
            return (null, $"failed to retrieve PVC {claimName} from the lister: " + SnapshotObjects.GoQuote($"persistentvolumeclaim \"{claimName}\" not found"));
        if (claim.AtPath("status.phase").ScalarText() != "Bound")
            return (null, $"the PVC {claimName} is not yet bound to a PV, will not attempt to take a snapshot");
        var pvName = claim.AtPath("spec.volumeName").ScalarText() ?? "";
        var pv = sim.Store.Get(_volumes, null, pvName);
        if (pv is null)
            return (null, $"failed to retrieve PV {pvName} from the API server: " + SnapshotObjects.GoQuote($"persistentvolumes \"{pvName}\" not found"));
        if (pv.AtPath("spec.claimRef.name").ScalarText() != claimName || pv.AtPath("spec.claimRef.namespace").ScalarText() != ns)
            return (null, "claim in dataSource not bound or invalid");
        return (pv, null);
    }

    public static JsonObject Ref(JsonObject snapshot) => new()
    {
        ["apiVersion"] = snapshot.StringProperty("apiVersion") ?? SnapshotObjects.ApiVersion,
        ["kind"] = snapshot.StringProperty("kind") ?? "VolumeSnapshot",
        ["name"] = JsonHelpers.NameOf(snapshot),
        ["namespace"] = JsonHelpers.NamespaceOf(snapshot),
        ["resourceVersion"] = snapshot["metadata"].StringProperty("resourceVersion"),
        ["uid"] = snapshot["metadata"].StringProperty("uid"),
    };

    /// <summary>A deleted VolumeSnapshot's content: deletionPolicy Delete removes it (and the snapshot on the storage);
    /// Retain keeps it, still naming the snapshot that is gone, as upstream.</summary>
    private void ReclaimContents(IReadOnlyList<JsonObject> snapshots)
    {
        var live = snapshots.Select(s => s["metadata"].StringProperty("uid")).ToHashSet(StringComparer.Ordinal);
        foreach (var content in sim.Store.List(_contents!, null).Items)
        {
            var refUid = content.AtPath("spec.volumeSnapshotRef.uid").ScalarText();
            if (string.IsNullOrEmpty(refUid) || live.Contains(refUid)) continue; // pre-provisioned and waiting, or bound
            if (content.AtPath("spec.deletionPolicy").ScalarText() != "Delete") continue;
            SnapshotObjects.DeleteQuietly(sim, _contents!, null, JsonHelpers.NameOf(content)!);
        }
    }

    // ---- the csi-snapshotter sidecar and the driver behind it ----

    /// <summary>Cuts a content's snapshot (or imports a pre-provisioned handle), then makes it ready after the delay.</summary>
    private void Cut(JsonObject content, IReadOnlyList<JsonObject> all, DateTimeOffset now)
    {
        var name = JsonHelpers.NameOf(content)!;
        var status = content["status"] as JsonObject;
        var ns = content.AtPath("spec.volumeSnapshotRef.namespace").ScalarText();
        var (delay, neverReady, failure) = sim.Faults.SnapshotFaults(ns);
        var driver = content.AtPath("spec.driver").ScalarText() ?? "";
        var next = status?.DeepClone() as JsonObject ?? new JsonObject();

        if (content.AtPath("spec.source.snapshotHandle").ScalarText() is { } imported)
        {
            if (status?["readyToUse"] is not null) return;
            // the driver knows the snapshots it cut and still has: another content of this cluster (cut from a volume,
            // a group member, or already imported) with that handle and a size
            var known = all.FirstOrDefault(c => JsonHelpers.NameOf(c) != name && c.AtPath("status.snapshotHandle").ScalarText() == imported
                && c.AtPath("status.restoreSize") is not null);
            if (known is null || known.AtPath("spec.driver").ScalarText() != driver)
            {
                next["readyToUse"] = false;
                next["error"] = SnapshotObjects.Error($"Failed to check and update snapshot content: failed to list snapshot for content {name}: "
                    + SnapshotObjects.GoQuote($"rpc error: code = NotFound desc = snapshot {imported} not found"), now);
                Write(content, next);
                return;
            }
            next.Remove("error");
            next["snapshotHandle"] = imported;
            next["creationTime"] = known.AtPath("status.creationTime")?.DeepClone();
            next["restoreSize"] = known.AtPath("status.restoreSize")?.DeepClone();
            next["readyToUse"] = true;
            Write(content, next);
            return;
        }

        var volumeHandle = content.AtPath("spec.source.volumeHandle").ScalarText();
        if (volumeHandle is null) return; // nothing to cut; the schema's rule refuses such a content
        var readyNow = next["readyToUse"] is JsonValue r && r.TryGetValue<bool>(out var ready) && ready;
        if (readyNow) return;
        var cutFailed = "Failed to check and update snapshot content: failed to take snapshot of the volume " + volumeHandle + ": ";
        // the volume must be one of this driver's: a class of another driver cannot snapshot it
        var volume = sim.Store.List(_volumes, null).Items.FirstOrDefault(v => v.AtPath("spec.csi.volumeHandle").ScalarText() == volumeHandle);
        var volumeDriver = volume?.AtPath("spec.csi.driver").ScalarText();
        string? error = null;
        if (next["snapshotHandle"] is null && volumeDriver is not null && volumeDriver != driver)
            error = cutFailed + SnapshotObjects.GoQuote($"rpc error: code = NotFound desc = volume {volumeHandle} not found: driver {driver} cannot snapshot a volume of driver {volumeDriver}");
        else if (failure is not null)
            error = cutFailed + SnapshotObjects.GoQuote(failure);
        if (error is not null)
        {
            if (status?.AtPath("error.message").ScalarText() == error) return;
            next["readyToUse"] = false;
            next["error"] = SnapshotObjects.Error(error, now);
            Write(content, next);
            return;
        }
        next.Remove("error");
        if (next["snapshotHandle"] is null)
        {
            // cut now: the claim's size at this moment is what a restore needs
            var size = SnapshotObjects.Bytes(volume?.AtPath("spec.capacity.storage").ScalarText()) ?? 0;
            next["snapshotHandle"] = SnapshotObjects.Handle(name);
            next["creationTime"] = SnapshotObjects.UnixNanos(now);
            next["restoreSize"] = size;
            next["readyToUse"] = false;
        }
        var cutAt = SnapshotObjects.FromUnixNanos(next["creationTime"].Long() ?? SnapshotObjects.UnixNanos(now));
        // never ready at the step that cuts it: a watcher always sees readyToUse false first
        next["readyToUse"] = status?["snapshotHandle"] is not null && !neverReady && now >= cutAt + (delay ?? sim.Options.SnapshotReadyDelay);
        Write(content, next);
    }

    private void Write(JsonObject content, JsonObject status) => SnapshotObjects.WriteStatus(sim, _contents!, content, status);
}
