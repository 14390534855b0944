using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Backup lifecycle: "" → New → (FailedValidation | InProgress with growing progress) → Completed | PartiallyFailed | Failed.
/// Validation checks the storage location like Velero does; the outcome can be forced through <see cref="SimulatorFaults"/>.
/// On completion the captured objects are saved in <see cref="BackupSnapshots"/> for restores.
/// </summary>
internal sealed class BackupReconciler(SimulatorContext sim, BackupSnapshots snapshots)
{
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(720);
    private readonly Dictionary<string, VeleroOutcomeRule?> _outcomes = new(StringComparer.Ordinal);

    public void Step()
    {
        var def = sim.Definition("velero.io/v1", "Backup");
        if (def is null) return;
        foreach (var backup in sim.Store.List(def, null).Items)
        {
            var ns = JsonHelpers.NamespaceOf(backup)!;
            var name = JsonHelpers.NameOf(backup)!;
            switch (backup.AtPath("status.phase").ScalarText() ?? "")
            {
                case "":
                    SetStatus(def, ns, name, s => s["phase"] = "New");
                    break;
                case "New":
                    Start(def, backup, ns, name);
                    break;
                case "InProgress":
                    Advance(def, backup, ns, name);
                    break;
            }
        }
    }

    private void Start(ResourceDefinition def, JsonObject backup, string ns, string name)
    {
        var spec = backup["spec"] as JsonObject;
        var errors = ValidateLocation(ns, spec?.StringProperty("storageLocation"), out var location);
        var now = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow());
        if (errors.Count > 0)
        {
            SetStatus(def, ns, name, s =>
            {
                s["phase"] = "FailedValidation";
                s["validationErrors"] = new JsonArray(errors.Select(e => (JsonNode)e).ToArray());
                s["version"] = 1;
                s["formatVersion"] = "1.1.0";
            });
            return;
        }
        _outcomes[Uid(backup)] = sim.Faults.TakeOutcome("Backup", name);
        var total = BackupScope.Collect(sim, spec).Count;
        sim.Store.Mutate(def, ns, name, o =>
        {
            if (location is not null)
            {
                var labels = o.Metadata()["labels"] as JsonObject ?? new JsonObject();
                labels["velero.io/storage-location"] = location;
                o.Metadata()["labels"] = labels;
            }
            var s = Status(o);
            s["phase"] = "InProgress";
            s["startTimestamp"] = now;
            s["version"] = 1;
            s["formatVersion"] = "1.1.0";
            s["expiration"] = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow() + Ttl(spec));
            s["progress"] = new JsonObject { ["totalItems"] = total, ["itemsBackedUp"] = 0 };
            return true;
        });
    }

    private void Advance(ResourceDefinition def, JsonObject backup, string ns, string name)
    {
        var spec = backup["spec"] as JsonObject;
        var total = (int)(backup.AtPath("status.progress.totalItems").Long() ?? 0);
        var done = (int)(backup.AtPath("status.progress.itemsBackedUp").Long() ?? 0);
        if (done < total)
        {
            var step = Math.Max(1, (int)Math.Ceiling(total / 4.0));
            SetStatus(def, ns, name, s => s["progress"] = new JsonObject { ["totalItems"] = total, ["itemsBackedUp"] = Math.Min(total, done + step) });
            return;
        }

        var uid = Uid(backup);
        _outcomes.Remove(uid, out var rule);
        var items = BackupScope.Collect(sim, spec);
        var now = sim.Store.Time.GetUtcNow();
        if (rule?.Phase != "Failed") snapshots.Save(ns, name, items);
        var finished = SetStatus(def, ns, name, s =>
        {
            s["completionTimestamp"] = JsonHelpers.Timestamp(now);
            s["progress"] = new JsonObject { ["totalItems"] = items.Count, ["itemsBackedUp"] = rule?.Phase == "Failed" ? done : items.Count };
            switch (rule?.Phase)
            {
                case "Failed":
                    s["phase"] = "Failed";
                    s["failureReason"] = rule.FailureReason ?? "simulated failure";
                    s["errors"] = Math.Max(1, rule.Errors);
                    break;
                case "PartiallyFailed":
                    s["phase"] = "PartiallyFailed";
                    s["errors"] = rule.Errors;
                    s["warnings"] = rule.Warnings;
                    s["expiration"] = JsonHelpers.Timestamp(now + Ttl(spec));
                    break;
                default:
                    s["phase"] = "Completed";
                    s["expiration"] = JsonHelpers.Timestamp(now + Ttl(spec));
                    break;
            }
            if (rule?.Phase != "Failed" && (spec?["snapshotVolumes"]?.ScalarText() != "false" || rule?.VolumeSnapshotsFailed > 0))
            {
                var failed = rule?.VolumeSnapshotsFailed ?? 0;
                var claims = Math.Max(items.Count(i => i.StoreKey == "/persistentvolumeclaims"), failed);
                s["csiVolumeSnapshotsAttempted"] = claims;
                s["csiVolumeSnapshotsCompleted"] = claims - failed;
            }
        });
        if (rule?.Phase != "Failed" && finished is not null) BackupSync.Upload(sim, finished, items);
    }

    /// <summary>Velero refuses a backup whose location is missing, or read-only.</summary>
    private List<string> ValidateLocation(string ns, string? requested, out string? location)
    {
        location = requested;
        var bslDef = sim.Definition("velero.io/v1", "BackupStorageLocation");
        if (bslDef is null) return ["backup storage locations are not available (CRD missing)"];
        if (requested is not null)
        {
            var bsl = sim.Store.Get(bslDef, ns, requested);
            if (bsl is null)
                return [$"an existing backup storage location wasn't specified at backup creation time and the server default '{requested}' doesn't exist. Please address this issue (see `velero backup-location -h` for options) and create a new backup. Error: backupstoragelocations.velero.io \"{requested}\" not found"];
            if (bsl.AtPath("status.phase").ScalarText() == "Unavailable")
                return [$"backup can't be created because BackupStorageLocation {requested} is in Unavailable status."];
            if (bsl.AtPath("spec.accessMode").ScalarText() == "ReadOnly")
                return [$"backup can't be created because backup storage location {requested} is currently in read-only mode"];
            return [];
        }
        var all = sim.Store.List(bslDef, ns).Items;
        var fallback = all.FirstOrDefault(b => b.AtPath("spec.default").ScalarText() == "true") ?? all.FirstOrDefault(b => JsonHelpers.NameOf(b) == "default");
        if (fallback?.AtPath("status.phase").ScalarText() == "Unavailable")
            return [$"backup can't be created because BackupStorageLocation {JsonHelpers.NameOf(fallback)} is in Unavailable status."];
        if (fallback is null)
            return ["an existing backup storage location wasn't specified at backup creation time and the default 'default' wasn't found. Please address this issue (see `velero backup-location -h` for options) and create a new backup."];
        location = JsonHelpers.NameOf(fallback);
        return [];
    }

    private static TimeSpan Ttl(JsonObject? spec) => GoDuration.Parse(spec?.StringProperty("ttl")) ?? DefaultTtl;

    private JsonObject? SetStatus(ResourceDefinition def, string ns, string name, Action<JsonObject> change) =>
        sim.Store.Mutate(def, ns, name, o =>
        {
            change(Status(o));
            return true;
        });

    internal static JsonObject Status(JsonObject o)
    {
        if (o["status"] is JsonObject s) return s;
        s = new JsonObject();
        o["status"] = s;
        return s;
    }

    private static string Uid(JsonObject o) => o["metadata"].StringProperty("uid") ?? "";
}
