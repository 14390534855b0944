using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Workloads;

/// <summary>
/// Plays the PV controller with a CSI provisioner behind every StorageClass: a Pending claim whose class exists
/// (<c>spec.storageClassName</c>, else the default class) gets a PersistentVolume <c>pvc-&lt;uid&gt;</c> and is Bound with
/// the annotations real clusters set; a claim whose class does not exist stays Pending with a Warning Event and a
/// <c>ProvisioningFailed</c> condition. A claim naming its volume binds only to that PV. A bound volume whose claim is gone
/// (by uid, as the real controller's <c>claimRef.uid</c>: a claim deleted and made again with the same name is another claim)
/// follows its reclaim policy: Delete removes it, Retain marks it Released; a Released one switched to Delete later is removed.
/// </summary>
internal sealed class VolumeBinder(SimulatorContext sim)
{
    public const string ProvisioningFailed = "ProvisioningFailed";

    private readonly ResourceDefinition _claims = sim.Definition("v1", "PersistentVolumeClaim")!;
    private readonly ResourceDefinition _volumes = sim.Definition("v1", "PersistentVolume")!;
    private readonly ResourceDefinition? _classes = sim.Definition("storage.k8s.io/v1", "StorageClass");
    private readonly ResourceDefinition _events = sim.Definition("v1", "Event")!;

    /// <summary>Binds what can be bound; returns every claim's phase by namespace/name after this pass.</summary>
    public Dictionary<string, string> Step()
    {
        var classes = _classes is null ? [] : sim.Store.List(_classes, null).Items;
        var volumes = sim.Store.List(_volumes, null).Items.ToDictionary(v => JsonHelpers.NameOf(v)!, StringComparer.Ordinal);
        var phases = new Dictionary<string, string>(StringComparer.Ordinal);
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in sim.Store.List(_claims, null).Items)
        {
            if (claim["metadata"].StringProperty("uid") is { } uid) uids.Add(uid);
            var phase = claim.AtPath("status.phase").ScalarText() ?? "Pending";
            if (phase == "Pending" && !WorkloadObjects.IsDeleting(claim)) phase = TryBind(claim, classes, volumes);
            phases[Key(JsonHelpers.NamespaceOf(claim), JsonHelpers.NameOf(claim))] = phase;
        }
        Reclaim(volumes.Values, phases, uids);
        return phases;
    }

    public static string Key(string? ns, string? name) => $"{ns}/{name}";

    private string TryBind(JsonObject claim, IReadOnlyList<JsonObject> classes, Dictionary<string, JsonObject> volumes)
    {
        if (claim.AtPath("spec.volumeName").ScalarText() is { Length: > 0 } wanted)
        {
            // pre-bound to a volume (static provisioning): binds once that volume exists
            if (!volumes.TryGetValue(wanted, out var pv)) return Pending(claim, "VolumeNotFound", $"volume \"{wanted}\" not found");
            ClaimVolume(pv, claim);
            Bind(claim, pv, pv.AtPath("spec.storageClassName").ScalarText(), provisioner: null);
            return "Bound";
        }
        // no class: the default one (assigned retroactively since Kubernetes 1.28); "" asks for static binding only
        var className = claim.AtPath("spec.storageClassName").ScalarText()
            ?? (WorkloadObjects.DefaultClass(classes, WorkloadObjects.DefaultStorageClassAnnotation) is { } byDefault ? JsonHelpers.NameOf(byDefault) : null);
        if (string.IsNullOrEmpty(className))
            return Pending(claim, "NoStorageClass", "no persistent volumes available for this claim and no storage class is set");
        var storageClass = classes.FirstOrDefault(c => JsonHelpers.NameOf(c) == className);
        if (storageClass is null) return Pending(claim, "StorageClassNotFound", $"storageclass.storage.k8s.io \"{className}\" not found");

        var provisioner = storageClass.StringProperty("provisioner") ?? "csi.simulator.local";
        // a claim from a CSI snapshot: provisioned only once the snapshot is ready and fits (Snapshots.SnapshotSources)
        var fromSnapshot = Snapshots.SnapshotSources.For(sim, claim, className, provisioner);
        if (fromSnapshot.Problem is not null) return Pending(claim, fromSnapshot.Reason!, fromSnapshot.Problem);
        var volume = PersistentVolumes.Provisioned(claim, className, provisioner,
            storageClass.StringProperty("reclaimPolicy") ?? "Delete", sim.Store.Time.GetUtcNow());
        if (fromSnapshot.From is { } source) Snapshots.SnapshotSources.Mark(volume, source);
        var volumeName = JsonHelpers.NameOf(volume)!;
        if (!volumes.TryGetValue(volumeName, out var created))
        {
            created = sim.Store.Create(_volumes, volume);
            volumes[volumeName] = created;
        }
        Bind(claim, created, className, storageClass.StringProperty("provisioner"));
        return "Bound";
    }

    private void Bind(JsonObject claim, JsonObject volume, string? className, string? provisioner)
    {
        sim.Store.Mutate(_claims, JsonHelpers.NamespaceOf(claim), JsonHelpers.NameOf(claim)!, o =>
        {
            var spec = WorkloadObjects.Child(o, "spec");
            spec["volumeName"] = JsonHelpers.NameOf(volume);
            if (className is not null) spec["storageClassName"] ??= className;
            spec["volumeMode"] ??= "Filesystem";
            var annotations = WorkloadObjects.Annotations(o);
            annotations["pv.kubernetes.io/bind-completed"] = "yes";
            annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
            if (provisioner is not null)
            {
                annotations["volume.beta.kubernetes.io/storage-provisioner"] = provisioner;
                annotations["volume.kubernetes.io/storage-provisioner"] = provisioner;
            }
            o["status"] = new JsonObject
            {
                ["phase"] = "Bound",
                ["accessModes"] = volume.AtPath("spec.accessModes")?.DeepClone() ?? new JsonArray("ReadWriteOnce"),
                ["capacity"] = volume.AtPath("spec.capacity")?.DeepClone() ?? new JsonObject { ["storage"] = "1Gi" },
            };
            return true;
        });
    }

    /// <summary>A pre-bound volume takes the claim (static provisioning).</summary>
    private void ClaimVolume(JsonObject volume, JsonObject claim)
    {
        if (volume.AtPath("spec.claimRef.uid").ScalarText() == claim["metadata"].StringProperty("uid") && volume.AtPath("status.phase").ScalarText() == "Bound") return;
        sim.Store.Mutate(_volumes, null, JsonHelpers.NameOf(volume)!, o =>
        {
            WorkloadObjects.Child(o, "spec")["claimRef"] = PersistentVolumes.ClaimRef(claim);
            o["status"] = new JsonObject { ["phase"] = "Bound", ["lastPhaseTransitionTime"] = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow()) };
            return true;
        });
    }
    /// <summary>Leaves the claim Pending with a Warning Event (once) and a condition saying why.</summary>
    private string Pending(JsonObject claim, string reason, string message)
    {
        var ns = JsonHelpers.NamespaceOf(claim)!;
        var name = JsonHelpers.NameOf(claim)!;
        var now = sim.Store.Time.GetUtcNow();
        sim.Store.Mutate(_claims, ns, name, o =>
        {
            var status = WorkloadObjects.Child(o, "status");
            status["phase"] = "Pending";
            var condition = WorkloadObjects.Condition(status["conditions"], ProvisioningFailed, "True", reason, message, now, withUpdateTime: false);
            condition["lastProbeTime"] = condition["lastTransitionTime"]!.DeepClone();
            status["conditions"] = new JsonArray(condition);
            return true;
        });
        var eventName = $"{name}.{WorkloadObjects.Hex(claim["metadata"].StringProperty("uid") + reason + (reason == ProvisioningFailed ? message : ""), 16)}";
        if (sim.Store.Get(_events, ns, eventName) is not null) return "Pending";
        try
        {
            sim.Store.Create(_events, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = eventName, ["namespace"] = ns },
                ["involvedObject"] = new JsonObject
                {
                    ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim", ["name"] = name, ["namespace"] = ns,
                    ["uid"] = claim["metadata"].StringProperty("uid"), ["resourceVersion"] = claim["metadata"].StringProperty("resourceVersion"),
                },
                ["reason"] = reason is "StorageClassNotFound" or ProvisioningFailed ? ProvisioningFailed : "FailedBinding",
                ["message"] = message,
                ["type"] = "Warning",
                ["source"] = new JsonObject { ["component"] = "persistentvolume-controller" },
                ["reportingComponent"] = "persistentvolume-controller",
                ["firstTimestamp"] = JsonHelpers.Timestamp(now),
                ["lastTimestamp"] = JsonHelpers.Timestamp(now),
                ["count"] = 1,
            });
        }
        catch (ApiException)
        {
            // the namespace is going away
        }
        return "Pending";
    }

    /// <summary>A bound volume whose claim is gone: reclaim policy Delete removes it, Retain leaves it Released. The claim is the
    /// one of <c>claimRef.uid</c> (a pre-bound volume without a uid: the claim of that name). A Released volume whose policy is
    /// Delete now (switched after it was released) is removed, as the PV controller's next sync of it does.</summary>
    private void Reclaim(IEnumerable<JsonObject> volumes, Dictionary<string, string> claims, HashSet<string> claimUids)
    {
        foreach (var pv in volumes.Where(v => v.AtPath("spec.claimRef") is JsonObject))
        {
            var phase = pv.AtPath("status.phase").ScalarText();
            var uid = pv.AtPath("spec.claimRef.uid").ScalarText();
            var deletes = pv.AtPath("spec.persistentVolumeReclaimPolicy").ScalarText() is null or "Delete";
            var name = JsonHelpers.NameOf(pv)!;
            if (phase == "Released")
            {
                // without a uid the volume was made bindable again (Available to the claim it names): never reclaimed
                if (deletes && !string.IsNullOrEmpty(uid) && !claimUids.Contains(uid)) Delete(name);
                continue;
            }
            if (phase != "Bound") continue;
            var claimThere = string.IsNullOrEmpty(uid)
                ? claims.ContainsKey(Key(pv.AtPath("spec.claimRef.namespace").ScalarText(), pv.AtPath("spec.claimRef.name").ScalarText()))
                : claimUids.Contains(uid);
            if (claimThere) continue;
            if (deletes)
            {
                Delete(name);
                continue;
            }
            sim.Store.Mutate(_volumes, null, name, o =>
            {
                o["status"] = new JsonObject { ["phase"] = "Released", ["lastPhaseTransitionTime"] = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow()) };
                return true;
            });
        }
    }

    private void Delete(string volume)
    {
        try
        {
            sim.Store.Delete(_volumes, null, volume);
        }
        catch (ApiException)
        {
            // deleted meanwhile
        }
    }
}
