using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// The small controllers that make the rest of the cluster look alive: storage/snapshot locations become Available,
/// DeleteBackupRequests delete their backup and terminating namespaces disappear (claims and workloads:
/// <see cref="Workloads.WorkloadController"/>; CSI snapshots: <see cref="Snapshots.SnapshotController"/>).
/// </summary>
internal sealed class ClusterReconciler(SimulatorContext sim, BackupSnapshots snapshots)
{
    public void Step()
    {
        FinishTerminatingNamespaces();
        if (!sim.Faults.VeleroInstalled) return;
        MarkAvailable("BackupStorageLocation");
        MarkAvailable("VolumeSnapshotLocation");
        ApplyLocationFaults();
        ProcessDeleteRequests();
    }

    private void FinishTerminatingNamespaces()
    {
        foreach (var ns in sim.Store.List(sim.NamespaceDefinition, null).Items.Where(n => n.AtPath("status.phase").ScalarText() == "Terminating"))
        {
            var name = JsonHelpers.NameOf(ns)!;
            sim.Store.DeleteAllInNamespace(name);
            try
            {
                sim.Store.Delete(sim.NamespaceDefinition, null, name);
            }
            catch (Api.ApiException)
            {
                // already gone
            }
        }
    }

    private void MarkAvailable(string kind)
    {
        var def = sim.Definition("velero.io/v1", kind);
        if (def is null) return;
        foreach (var l in sim.Store.List(def, null).Items.Where(l => l.AtPath("status.phase") is null))
        {
            sim.Store.Mutate(def, JsonHelpers.NamespaceOf(l), JsonHelpers.NameOf(l)!, o =>
            {
                var s = BackupReconciler.Status(o);
                s["phase"] = "Available";
                if (kind == "BackupStorageLocation") s["lastValidationTime"] = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow());
                return true;
            });
        }
    }

    /// <summary>Locations a test or the demo made Unavailable (<see cref="SimulatorFaults.MakeLocationUnavailable"/>), and
    /// those made Available again, as Velero's periodic validation would report them.</summary>
    private void ApplyLocationFaults()
    {
        var def = sim.Definition("velero.io/v1", "BackupStorageLocation");
        if (def is null) return;
        var (unavailable, recovered) = sim.Faults.TakeLocationChanges();
        var now = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow());
        foreach (var l in sim.Store.List(def, null).Items)
        {
            var name = JsonHelpers.NameOf(l)!;
            var phase = l.AtPath("status.phase").ScalarText();
            if (unavailable.TryGetValue(name, out var message) && (phase != "Unavailable" || l.AtPath("status.message").ScalarText() != message))
            {
                sim.Store.Mutate(def, JsonHelpers.NamespaceOf(l), name, o =>
                {
                    var s = BackupReconciler.Status(o);
                    s["phase"] = "Unavailable";
                    s["message"] = message;
                    s["lastValidationTime"] = now;
                    return true;
                });
            }
            else if (recovered.Contains(name))
            {
                sim.Store.Mutate(def, JsonHelpers.NamespaceOf(l), name, o =>
                {
                    var s = BackupReconciler.Status(o);
                    s["phase"] = "Available";
                    s.Remove("message");
                    s["lastValidationTime"] = now;
                    return true;
                });
            }
        }
    }

    private void ProcessDeleteRequests()
    {
        var def = sim.Definition("velero.io/v1", "DeleteBackupRequest");
        var backupDef = sim.Definition("velero.io/v1", "Backup");
        var restoreDef = sim.Definition("velero.io/v1", "Restore");
        if (def is null || backupDef is null) return;
        foreach (var r in sim.Store.List(def, null).Items)
        {
            var ns = JsonHelpers.NamespaceOf(r)!;
            var name = JsonHelpers.NameOf(r)!;
            var phase = r.AtPath("status.phase").ScalarText();
            if (phase == "Processed") continue;
            if (phase is null or "New")
            {
                sim.Store.Mutate(def, ns, name, o =>
                {
                    BackupReconciler.Status(o)["phase"] = "InProgress";
                    return true;
                });
                continue;
            }
            var backupName = r.AtPath("spec.backupName").ScalarText() ?? "";
            var errors = new JsonArray();
            var backup = sim.Store.Get(backupDef, ns, backupName);
            if (backup is null)
            {
                errors.Add($"backup {backupName} not found");
            }
            else if (BackupSync.RefusesDeletion(sim, backup) is { } refused)
            {
                errors.Add(refused); // the backup stays, as it is
            }
            else if (backup.AtPath("status.phase").ScalarText() != "Deleting")
            {
                // Velero first marks the backup Deleting, then removes its data and the object
                sim.Store.Mutate(backupDef, ns, backupName, o =>
                {
                    BackupReconciler.Status(o)["phase"] = "Deleting";
                    return true;
                });
                continue;
            }
            else
            {
                BackupSync.Remove(sim, backup);
                sim.Store.Delete(backupDef, ns, backupName);
                snapshots.Remove(ns, backupName);
                if (restoreDef is not null)
                {
                    foreach (var restore in sim.Store.List(restoreDef, ns).Items.Where(x => x.AtPath("spec.backupName").ScalarText() == backupName))
                    {
                        sim.Store.Delete(restoreDef, ns, JsonHelpers.NameOf(restore)!);
                    }
                }
            }
            sim.Store.Mutate(def, ns, name, o =>
            {
                var s = BackupReconciler.Status(o);
                s["phase"] = "Processed";
                if (errors.Count > 0) s["errors"] = errors;
                return true;
            });
        }
    }
}
