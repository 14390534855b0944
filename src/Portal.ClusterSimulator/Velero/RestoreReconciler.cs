using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Restore lifecycle: "" → New → (FailedValidation | InProgress, restoring a batch of items per step) →
/// Completed | PartiallyFailed | Failed. Objects come from the backup's snapshot, not from the live cluster.
/// Skipped existing objects count as warnings, failed ones as errors (errors make the restore PartiallyFailed).
/// </summary>
internal sealed class RestoreReconciler(SimulatorContext sim, BackupSnapshots snapshots)
{
    private readonly Dictionary<string, VeleroOutcomeRule?> _outcomes = new(StringComparer.Ordinal);
    private readonly RestoreApplier _applier = new(sim);

    public void Step()
    {
        var def = sim.Definition("velero.io/v1", "Restore");
        var backupDef = sim.Definition("velero.io/v1", "Backup");
        if (def is null || backupDef is null) return;
        foreach (var restore in sim.Store.List(def, null).Items)
        {
            var ns = JsonHelpers.NamespaceOf(restore)!;
            var name = JsonHelpers.NameOf(restore)!;
            switch (restore.AtPath("status.phase").ScalarText() ?? "")
            {
                case "":
                    SetStatus(def, ns, name, s => s["phase"] = "New");
                    break;
                case "New":
                    Start(def, backupDef, restore, ns, name);
                    break;
                case "InProgress":
                    Advance(def, restore, ns, name);
                    break;
            }
        }
    }

    private void Start(ResourceDefinition def, ResourceDefinition backupDef, JsonObject restore, string ns, string name)
    {
        var spec = restore["spec"] as JsonObject;
        var backupName = ResolveBackupName(backupDef, ns, spec);
        var backup = backupName is null ? null : sim.Store.Get(backupDef, ns, backupName);
        var error = backup is null
            ? $"Error retrieving backup: backups.velero.io \"{backupName ?? spec.StringProperty("scheduleName") ?? ""}\" not found"
            : backup.AtPath("status.phase").ScalarText() is not ("Completed" or "PartiallyFailed")
                ? $"backup \"{backupName}\" is not in phase Completed or PartiallyFailed (phase: {backup.AtPath("status.phase").ScalarText() ?? "New"}); it cannot be restored"
                : RestoreResourceModifiers.Load(sim, spec, ns).Error;
        if (error is not null)
        {
            SetStatus(def, ns, name, s =>
            {
                s["phase"] = "FailedValidation";
                s["validationErrors"] = new JsonArray(error);
            });
            return;
        }
        var items = RestoreApplier.Select(snapshots.Find(ns, backupName!) ?? [], spec);
        var (_, failure) = sim.Faults.RestoreFaults(BackupScope.Strings(spec?["includedNamespaces"]));
        _outcomes[restore["metadata"].StringProperty("uid") ?? ""] = failure is not null
            ? new VeleroOutcomeRule("Restore", null, "Failed", failure)
            : sim.Faults.TakeOutcome("Restore", name);
        var now = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow());
        sim.Store.Mutate(def, ns, name, o =>
        {
            if (o["spec"] is JsonObject s && s["backupName"] is null) s["backupName"] = backupName;
            var st = BackupReconciler.Status(o);
            st["phase"] = "InProgress";
            st["startTimestamp"] = now;
            st["progress"] = new JsonObject { ["totalItems"] = items.Count, ["itemsRestored"] = 0 };
            st["warnings"] = 0;
            st["errors"] = 0;
            return true;
        });
    }

    private void Advance(ResourceDefinition def, JsonObject restore, string ns, string name)
    {
        var spec = restore["spec"] as JsonObject ?? new JsonObject();
        var backupName = spec.StringProperty("backupName") ?? "";
        var items = RestoreApplier.Select(snapshots.Find(ns, backupName) ?? [], spec);
        var done = (int)(restore.AtPath("status.progress.itemsRestored").Long() ?? 0);
        var warnings = (int)(restore.AtPath("status.warnings").Long() ?? 0);
        var errors = (int)(restore.AtPath("status.errors").Long() ?? 0);
        var uid = restore["metadata"].StringProperty("uid") ?? "";
        _outcomes.TryGetValue(uid, out var rule);
        var modifiers = RestoreResourceModifiers.Load(sim, spec, ns).Modifiers;
        // A slow restore (fault) restores nothing until its delay has passed since it started.
        if (sim.Faults.RestoreFaults(BackupScope.Strings(spec["includedNamespaces"])).Delay is { } delay
            && Batch.BatchObjects.Time(restore.AtPath("status.startTimestamp").ScalarText()) is { } started
            && sim.Store.Time.GetUtcNow() < started + delay) return;

        if (done < items.Count && rule?.Phase != "Failed")
        {
            var step = Math.Max(1, (int)Math.Ceiling(items.Count / 4.0));
            // namespaces first, like Velero's resource priorities
            foreach (var item in items.OrderBy(i => i.Namespace is null ? 0 : 1).Skip(done).Take(step))
            {
                switch (_applier.Apply(item, spec, backupName, name, ns, modifiers))
                {
                    case RestoreApplier.Result.SkippedExisting: warnings++; break;
                    case RestoreApplier.Result.Failed: errors++; break;
                }
            }
            var restored = Math.Min(items.Count, done + step);
            SetStatus(def, ns, name, s =>
            {
                s["progress"] = new JsonObject { ["totalItems"] = items.Count, ["itemsRestored"] = restored };
                s["warnings"] = warnings;
                s["errors"] = errors;
            });
            return;
        }

        _outcomes.Remove(uid);
        var now = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow());
        SetStatus(def, ns, name, s =>
        {
            s["completionTimestamp"] = now;
            if (rule?.Phase == "Failed")
            {
                s["phase"] = "Failed";
                s["failureReason"] = rule.FailureReason ?? "simulated failure";
            }
            else if (rule?.Phase == "PartiallyFailed" || errors > 0)
            {
                s["phase"] = "PartiallyFailed";
                s["errors"] = errors + (rule?.Errors ?? 0);
                s["warnings"] = warnings + (rule?.Warnings ?? 0);
            }
            else
            {
                s["phase"] = "Completed";
            }
        });
    }

    /// <summary>spec.backupName, or the newest successful backup of spec.scheduleName.</summary>
    private string? ResolveBackupName(ResourceDefinition backupDef, string ns, JsonObject? spec)
    {
        if (spec.StringProperty("backupName") is { Length: > 0 } b) return b;
        if (spec.StringProperty("scheduleName") is not { Length: > 0 } schedule) return null;
        return sim.Store.List(backupDef, ns).Items
            .Where(x => x.Labels().TryGetValue("velero.io/schedule-name", out var s) && s == schedule)
            .Where(x => x.AtPath("status.phase").ScalarText() is "Completed" or "PartiallyFailed")
            .OrderByDescending(x => x["metadata"].StringProperty("creationTimestamp"), StringComparer.Ordinal)
            .Select(JsonHelpers.NameOf)
            .FirstOrDefault();
    }

    private void SetStatus(ResourceDefinition def, string ns, string name, Action<JsonObject> change) =>
        sim.Store.Mutate(def, ns, name, o =>
        {
            change(BackupReconciler.Status(o));
            return true;
        });
}
