using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Velero's backup storage: a finished backup is written to its location's bucket (<see cref="Upload"/>), a
/// processed DeleteBackupRequest removes it (<see cref="Remove"/>), and the backup sync controller (<see cref="Step"/>)
/// creates here the Backups other clusters wrote to a bucket one of this cluster's Available locations reads —
/// labelled and pointed at that local location, their content restorable. A cluster never re-syncs its own backups.
/// </summary>
internal sealed class BackupSync(SimulatorContext sim, BackupSnapshots snapshots)
{
    public const string LocationLabel = "velero.io/storage-location";

    public static void Upload(SimulatorContext sim, JsonObject backup, IReadOnlyList<BackupItem> items)
    {
        if (Location(sim, backup) is not { } location || Bucket(location) is not { } bucket) return;
        sim.ObjectStorage.Put(bucket.Name, bucket.Prefix, new StoredBackup(JsonHelpers.NameOf(backup)!, sim.Id, backup.ToJsonString(), items));
    }

    /// <summary>Velero's refusal to delete a backup whose location is read-only; null when it may go.</summary>
    public static string? RefusesDeletion(SimulatorContext sim, JsonObject backup) =>
        Location(sim, backup) is { } location && location.AtPath("spec.accessMode").ScalarText() == "ReadOnly"
            ? $"cannot delete backup because backup storage location {JsonHelpers.NameOf(location)} is currently in read-only mode"
            : null;

    /// <summary>Deletes the backup's data from its location's bucket.</summary>
    public static void Remove(SimulatorContext sim, JsonObject backup)
    {
        if (Location(sim, backup) is { } location && Bucket(location) is { } bucket)
            sim.ObjectStorage.Remove(bucket.Name, bucket.Prefix, JsonHelpers.NameOf(backup)!);
    }

    public void Step()
    {
        var locations = sim.Definition("velero.io/v1", "BackupStorageLocation");
        var backups = sim.Definition("velero.io/v1", "Backup");
        if (locations is null || backups is null) return;
        foreach (var location in sim.Store.List(locations, null).Items.Where(l => l.AtPath("status.phase").ScalarText() == "Available"))
        {
            if (Bucket(location) is not { } bucket) continue;
            var ns = JsonHelpers.NamespaceOf(location)!;
            foreach (var stored in sim.ObjectStorage.List(bucket.Name, bucket.Prefix).Where(b => b.Origin != sim.Id))
            {
                if (sim.Store.Get(backups, ns, stored.Name) is not null) continue;
                try
                {
                    sim.Store.Create(backups, Synced(stored, ns, JsonHelpers.NameOf(location)!));
                    snapshots.Save(ns, stored.Name, stored.Items);
                }
                catch (ApiException)
                {
                    // created meanwhile
                }
            }
        }
    }

    private static JsonObject Synced(StoredBackup stored, string ns, string locationName)
    {
        var original = JsonNode.Parse(stored.BackupJson)!.AsObject();
        var labels = original.AtPath("metadata.labels")?.DeepClone() as JsonObject ?? new JsonObject();
        labels[LocationLabel] = locationName;
        var spec = original["spec"]?.DeepClone() as JsonObject ?? new JsonObject();
        spec["storageLocation"] = locationName;
        return new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = stored.Name, ["namespace"] = ns, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = original["status"]?.DeepClone(),
        };
    }

    internal static JsonObject? Location(SimulatorContext sim, JsonObject backup)
    {
        var name = backup.AtPath("metadata.labels")?.StringProperty(LocationLabel) ?? backup.AtPath("spec.storageLocation").ScalarText();
        return name is null || sim.Definition("velero.io/v1", "BackupStorageLocation") is not { } def
            ? null
            : sim.Store.Get(def, JsonHelpers.NamespaceOf(backup), name);
    }

    private static (string Name, string? Prefix)? Bucket(JsonObject location) =>
        location.AtPath("spec.objectStorage.bucket").ScalarText() is { } bucket
            ? (bucket, location.AtPath("spec.objectStorage.prefix").ScalarText())
            : null;
}
