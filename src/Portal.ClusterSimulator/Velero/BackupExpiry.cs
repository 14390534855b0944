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

    /// <summary>How often Velero's garbage collection looks at a backup again (its <c>--garbage-collection-frequency</c> default).</summary>
    private static readonly TimeSpan GcFrequency = TimeSpan.FromHours(1);

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
            if (BackupSync.RefusesDeletion(sim, backup) is not null
                || BackupSync.Location(sim, backup)?.AtPath("status.phase").ScalarText() == "Unavailable") continue;
            var ns = JsonHelpers.NamespaceOf(backup)!;
            var name = JsonHelpers.NameOf(backup)!;
            var uid = backup.AtPath("metadata.uid").ScalarText();
            // One request at a time for this backup (by uid: an older backup of the same name is another backup); when a
            // processed one could not delete it, the next GC round (Velero's default: hourly) asks again.
            if (sim.Store.List(requestDef, ns).Items.Any(r => r.AtPath("metadata.labels")?.StringProperty("velero.io/backup-uid") == uid
                    && (r.AtPath("status.phase").ScalarText() != "Processed" || Time(r.AtPath("metadata.creationTimestamp").ScalarText()) > now - GcFrequency))) continue;
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
                        ["velero.io/backup-uid"] = uid,
                    },
                },
                ["spec"] = new JsonObject { ["backupName"] = name },
            });
        }
    }

    private static DateTimeOffset Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;

    /// <summary>A label value holds at most 63 characters; Velero shortens a longer name to 57 characters and the first
    /// six hex digits of its SHA-256.</summary>
    private static string Label(string name) => name.Length <= 63
        ? name
        : name[..57] + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..6];
}
