using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Writes backed-up objects back into the cluster the way Velero's restore does: server-owned metadata stripped,
/// namespaces remapped (target namespaces created when missing), existing objects skipped with a warning unless
/// existingResourcePolicy is "update", restored objects labelled with the backup and restore names, status dropped
/// (controllers rebuild it), claims unbound so the target cluster provisions them again — in the class the
/// <c>change-storage-class</c> plugin ConfigMap maps to, if there is one (also for StatefulSet claim templates), and changed by the Restore's
/// resource modifier rules (<see cref="RestoreResourceModifiers"/>).
/// </summary>
internal sealed class RestoreApplier(SimulatorContext sim)
{
    public enum Result { Created, Updated, SkippedExisting, Failed }

    /// <summary>The backup items a Restore spec selects (included/excluded namespaces and resources, labelSelector.matchLabels).</summary>
    public static List<BackupItem> Select(IReadOnlyList<BackupItem> items, JsonObject? spec)
    {
        var included = BackupScope.Strings(spec?["includedNamespaces"]);
        var excluded = BackupScope.Strings(spec?["excludedNamespaces"]);
        var includedResources = BackupScope.Strings(spec?["includedResources"]);
        var excludedResources = BackupScope.Strings(spec?["excludedResources"]);
        var matchLabels = spec?["labelSelector"]?["matchLabels"] as JsonObject;
        var all = included.Count == 0 || included.Contains("*");
        return items.Where(i =>
        {
            var obj = (JsonObject)JsonNode.Parse(i.Json)!;
            var ns = i.Namespace ?? JsonHelpers.NameOf(obj) ?? "";
            if (!(all || included.Contains(ns)) || excluded.Contains(ns)) return false;
            if (!BackupScope.ResourceWanted(i.StoreKey, obj.StringProperty("kind") ?? "", includedResources, excludedResources)) return false;
            // the label selector picks objects; namespaces are always restored so the objects have somewhere to go
            return i.Namespace is null || matchLabels is null
                || matchLabels.All(l => obj.Labels().TryGetValue(l.Key, out var v) && v == l.Value.ScalarText());
        }).ToList();
    }

    public Result Apply(BackupItem item, JsonObject restoreSpec, string backupName, string restoreName, string veleroNamespace = "velero",
        RestoreResourceModifiers? modifiers = null)
    {
        var mapping = restoreSpec["namespaceMapping"] as JsonObject;
        var update = restoreSpec.StringProperty("existingResourcePolicy") == "update";
        var obj = (JsonObject)JsonNode.Parse(item.Json)!;
        var def = sim.Catalog.Definitions.FirstOrDefault(d => d.StoreKey == item.StoreKey && d.ApiVersion == obj.StringProperty("apiVersion"))
            ?? sim.Catalog.Definitions.FirstOrDefault(d => d.StoreKey == item.StoreKey);
        if (def is null) return Result.Failed;

        string Map(string ns) => mapping?[ns].ScalarText() ?? ns;
        Clean(obj, backupName, restoreName);
        if (def.Kind == "Namespace" && def.Group.Length == 0)
        {
            var target = Map(JsonHelpers.NameOf(obj)!);
            obj.Metadata()["name"] = target;
            obj["status"] = new JsonObject { ["phase"] = "Active" };
            if (sim.Store.Get(def, null, target) is not null) return Result.SkippedExisting;
            sim.Store.Create(def, obj);
            return Result.Created;
        }

        var targetNs = Map(item.Namespace ?? "default");
        EnsureNamespace(targetNs, backupName, restoreName);
        obj.Metadata()["namespace"] = targetNs;
        Handlers.BuiltInDefaults.Apply(def, obj); // e.g. a restored Service gets a fresh clusterIP
        MapStorageClasses(obj, veleroNamespace);
        var groupResource = def.Group.Length == 0 ? def.Plural : $"{def.Plural}.{def.Group}";
        if (modifiers is not null && !modifiers.Apply(ref obj, groupResource, item.Namespace)) return Result.Failed;
        var name = JsonHelpers.NameOf(obj)!;
        try
        {
            var existing = sim.Store.Get(def, targetNs, name);
            if (existing is null)
            {
                sim.Store.Create(def, obj);
                return Result.Created;
            }
            if (!update) return Result.SkippedExisting;
            sim.Store.Update(def, obj, expectedResourceVersion: null);
            return Result.Updated;
        }
        catch (ApiException)
        {
            return Result.Failed;
        }
    }

    private void EnsureNamespace(string ns, string backupName, string restoreName)
    {
        var def = sim.NamespaceDefinition;
        var existing = sim.Store.Get(def, null, ns);
        if (existing is not null) return;
        var created = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = ns },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
        Clean(created, backupName, restoreName);
        try
        {
            sim.Store.Create(def, created);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // created meanwhile: fine
        }
    }

    private static void Clean(JsonObject obj, string backupName, string restoreName)
    {
        var meta = obj.Metadata();
        foreach (var field in new[] { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "ownerReferences", "deletionTimestamp", "selfLink" })
        {
            meta.Remove(field);
        }
        if (meta["labels"] is not JsonObject labels)
        {
            labels = new JsonObject();
            meta["labels"] = labels;
        }
        labels["velero.io/backup-name"] = backupName;
        labels["velero.io/restore-name"] = restoreName;
        if (obj.StringProperty("kind") == "Service" && obj["spec"] is JsonObject spec)
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
        }
        obj.Remove("status"); // Velero restores no status unless asked (restoreStatus)
        if (obj.StringProperty("kind") == "PersistentVolumeClaim")
        {
            // the volume is not restored with it: the claim binds afresh on this cluster
            (obj["spec"] as JsonObject)?.Remove("volumeName");
            if (meta["annotations"] is JsonObject annotations)
            {
                foreach (var key in new[] { "pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller",
                             "volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner" })
                {
                    annotations.Remove(key);
                }
            }
        }
    }

    /// <summary>Velero's change-storage-class RestoreItemAction: a ConfigMap in Velero's namespace (the Restore's) labelled
    /// <c>velero.io/plugin-config: ""</c> and <c>velero.io/change-storage-class: RestoreItemAction</c> (Velero looks it up
    /// with exactly that selector, so both labels are needed) maps old class names to new ones.</summary>
    private void MapStorageClasses(JsonObject obj, string veleroNamespace)
    {
        var claims = obj.StringProperty("kind") switch
        {
            "PersistentVolumeClaim" => [obj["spec"] as JsonObject],
            "StatefulSet" => (obj.AtPath("spec.volumeClaimTemplates") as JsonArray)?.Select(t => t?["spec"] as JsonObject).ToList() ?? [],
            _ => new List<JsonObject?>(),
        };
        if (claims.Count == 0 || sim.Definition("v1", "ConfigMap") is not { } configMaps) return;
        var mapping = sim.Store.List(configMaps, veleroNamespace).Items
            .Where(c => c.Labels().ContainsKey("velero.io/plugin-config"))
            .FirstOrDefault(c => c.Labels().TryGetValue("velero.io/change-storage-class", out var v) && v == "RestoreItemAction")?["data"] as JsonObject;
        if (mapping is null) return;
        foreach (var spec in claims.OfType<JsonObject>())
        {
            if (spec.StringProperty("storageClassName") is { } from && mapping[from].ScalarText() is { } to) spec["storageClassName"] = to;
        }
    }
}
