using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Velero;

/// <summary>
/// Velero Schedules: validate the cron expression (→ Enabled | FailedValidation), then create a Backup from
/// <c>spec.template</c> whenever one is due — immediately for a new schedule unless <c>skipImmediately</c>, then at
/// each cron occurrence after <c>status.lastBackup</c>. Paused schedules create nothing.
/// Backups are named <c>&lt;schedule&gt;-&lt;yyyyMMddHHmmss&gt;</c> and labelled <c>velero.io/schedule-name</c>, as Velero does.
/// </summary>
internal sealed class ScheduleReconciler(SimulatorContext sim)
{
    public void Step()
    {
        var def = sim.Definition("velero.io/v1", "Schedule");
        var backupDef = sim.Definition("velero.io/v1", "Backup");
        if (def is null || backupDef is null) return;
        foreach (var schedule in sim.Store.List(def, null).Items)
        {
            var ns = JsonHelpers.NamespaceOf(schedule)!;
            var name = JsonHelpers.NameOf(schedule)!;
            var cronText = schedule.AtPath("spec.schedule").ScalarText() ?? "";
            var cron = Parse(cronText);
            var phase = schedule.AtPath("status.phase").ScalarText();
            if (phase is null or "New")
            {
                sim.Store.Mutate(def, ns, name, o =>
                {
                    var s = BackupReconciler.Status(o);
                    s["phase"] = cron is null ? "FailedValidation" : "Enabled";
                    if (cron is null) s["validationErrors"] = new JsonArray($"invalid schedule: {cronText}");
                    return true;
                });
                continue;
            }
            if (phase != "Enabled" || cron is null || schedule.AtPath("spec.paused").ScalarText() == "true") continue;
            if (!IsDue(schedule, cron, out var now)) continue;
            CreateBackup(backupDef, schedule, ns, name, now);
            sim.Store.Mutate(def, ns, name, o =>
            {
                BackupReconciler.Status(o)["lastBackup"] = JsonHelpers.Timestamp(now);
                return true;
            });
        }
    }

    private bool IsDue(JsonObject schedule, CronExpression cron, out DateTimeOffset now)
    {
        now = sim.Store.Time.GetUtcNow();
        var last = Time(schedule.AtPath("status.lastBackup").ScalarText());
        if (last is null)
        {
            if (schedule.AtPath("spec.skipImmediately").ScalarText() != "true") return true;
            last = Time(schedule.AtPath("metadata.creationTimestamp").ScalarText()) ?? now;
        }
        var next = cron.GetNextOccurrence(last.Value.UtcDateTime, TimeZoneInfo.Utc);
        return next is not null && next <= now.UtcDateTime;
    }

    private void CreateBackup(ResourceDefinition backupDef, JsonObject schedule, string ns, string scheduleName, DateTimeOffset now)
    {
        var name = $"{scheduleName}-{now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
        if (sim.Store.Get(backupDef, ns, name) is not null) return;
        var labels = schedule.AtPath("spec.template.metadata.labels")?.DeepClone() as JsonObject ?? new JsonObject();
        labels["velero.io/schedule-name"] = scheduleName;
        var spec = schedule.AtPath("spec.template")?.DeepClone() as JsonObject ?? new JsonObject();
        spec.Remove("metadata");
        sim.Store.Create(backupDef, new JsonObject
        {
            ["apiVersion"] = backupDef.ApiVersion,
            ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
            ["spec"] = spec,
        });
    }

    private static CronExpression? Parse(string text)
    {
        try
        {
            return text.StartsWith('@') ? CronExpression.Parse(text) : CronExpression.Parse(text, CronFormat.Standard);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
