using System.Globalization;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Velero's garbage collection: a finished backup whose <c>status.expiration</c> has passed (on the simulator's clock)
/// is deleted the way Velero's GC controller does it, by a <c>DeleteBackupRequest</c> labelled with the backup's name
/// and uid, which <see cref="ClusterReconciler"/> then processes like any other (marked Deleting, data removed, the
/// backup and its restores gone). A backup on a read-only or unavailable location stays, as Velero leaves it.
/// </summary>
internal sealed class BackupExpiry(SimulatorContext sim)
{
    private static readonly HashSet<string> Finished = new(StringComparer.Ordinal) { "Completed", "PartiallyFailed", "Failed", "FailedValidation" };

    public void Step()
    {
        var backupDef = sim.Definition("velero.io/v1", "Backup");
        var requestDef = sim.Definition("velero.io/v1", "DeleteBackupRequest");
        if (backupDef is null || requestDef is null) return;
        var now = sim.Store.Time.GetUtcNow();
        foreach (var backup in sim.Store.List(backupDef, null).Items)
        {
            if (!Finished.Contains(backup.AtPath("status.phase").ScalarText() ?? "")) continue;
            if (!DateTimeOffset.TryParse(backup.AtPath("status.expiration").ScalarText(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var expiration) || expiration > now) continue;
            if (BackupSync.RefusesDeletion(sim, backup) is not null) continue;
            var ns = JsonHelpers.NamespaceOf(backup)!;
            var name = JsonHelpers.NameOf(backup)!;
            if (sim.Store.List(requestDef, ns).Items.Any(r => r.AtPath("spec.backupName").ScalarText() == name)) continue;
            sim.Store.Create(requestDef, new JsonObject
            {
                ["apiVersion"] = "velero.io/v1",
                ["kind"] = "DeleteBackupRequest",
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = $"{name}-",
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject
                    {
                        ["velero.io/backup-name"] = Label(name),
                        ["velero.io/backup-uid"] = backup.AtPath("metadata.uid").ScalarText(),
                    },
                },
                ["spec"] = new JsonObject { ["backupName"] = name },
            });
        }
    }

    /// <summary>A label value holds at most 63 characters; Velero shortens a longer name to 57 characters and the first
    /// six hex digits of its SHA-256.</summary>
    private static string Label(string name) => name.Length <= 63
        ? name
        : name[..57] + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..6];
}
