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
/// each cron occurrence after <c>status.lastBackup</c>. Paused schedules create nothing. The cron runs in the zone
/// its text names (<c>CRON_TZ=Europe/Berlin 0 2 * * *</c> or <c>TZ=…</c>), else in UTC, as Velero's cron library does.
/// Backups are named <c>&lt;schedule&gt;-&lt;yyyyMMddHHmmss&gt;</c> (UTC) and labelled <c>velero.io/schedule-name</c>, and
/// owned by the schedule when <c>useOwnerReferencesInBackup</c> is set, as Velero does.
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
            var cron = Parse(cronText, out var zone, out var problem);
            var phase = schedule.AtPath("status.phase").ScalarText();
            if (phase is null or "New")
            {
                sim.Store.Mutate(def, ns, name, o =>
                {
                    var s = BackupReconciler.Status(o);
                    s["phase"] = cron is null ? "FailedValidation" : "Enabled";
                    if (cron is null) s["validationErrors"] = new JsonArray($"invalid schedule: {problem}");
                    return true;
                });
                continue;
            }
            if (phase != "Enabled" || cron is null || schedule.AtPath("spec.paused").ScalarText() == "true") continue;
            if (!IsDue(schedule, cron, zone, out var now)) continue;
            CreateBackup(backupDef, schedule, ns, name, now);
            sim.Store.Mutate(def, ns, name, o =>
            {
                BackupReconciler.Status(o)["lastBackup"] = JsonHelpers.Timestamp(now);
                return true;
            });
        }
    }

    private bool IsDue(JsonObject schedule, CronExpression cron, TimeZoneInfo zone, out DateTimeOffset now)
    {
        now = sim.Store.Time.GetUtcNow();
        var last = Time(schedule.AtPath("status.lastBackup").ScalarText());
        if (last is null)
        {
            if (schedule.AtPath("spec.skipImmediately").ScalarText() != "true") return true;
            last = Time(schedule.AtPath("metadata.creationTimestamp").ScalarText()) ?? now;
        }
        var next = cron.GetNextOccurrence(last.Value.UtcDateTime, zone);
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
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels };
        if (schedule.AtPath("spec.useOwnerReferencesInBackup").ScalarText() == "true")
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "velero.io/v1",
                ["kind"] = "Schedule",
                ["name"] = scheduleName,
                ["uid"] = schedule.AtPath("metadata.uid").ScalarText(),
                ["controller"] = true,
            });
        }
        sim.Store.Create(backupDef, new JsonObject
        {
            ["apiVersion"] = backupDef.ApiVersion,
            ["kind"] = "Backup",
            ["metadata"] = metadata,
            ["spec"] = spec,
        });
    }

    /// <summary>The cron expression and its zone; null with the reason in Velero's words when either is not valid.</summary>
    internal static CronExpression? Parse(string text, out TimeZoneInfo zone, out string problem)
    {
        zone = TimeZoneInfo.Utc;
        problem = "";
        var expression = text.Trim();
        foreach (var prefix in new[] { "CRON_TZ=", "TZ=" })
        {
            if (!expression.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var space = expression.IndexOf(' ', StringComparison.Ordinal);
            var zoneName = space < 0 ? expression[prefix.Length..] : expression[prefix.Length..space];
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var found))
            {
                problem = $"provided bad location {zoneName}: unknown time zone {zoneName}";
                return null;
            }
            zone = found;
            expression = space < 0 ? "" : expression[(space + 1)..].Trim();
            break;
        }
        try
        {
            return expression.StartsWith('@') ? CronExpression.Parse(expression) : CronExpression.Parse(expression, CronFormat.Standard);
        }
        catch (Exception e) when (e is CronFormatException or ArgumentException)
        {
            problem = $"{text}: {e.Message}";
            return null;
        }
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
