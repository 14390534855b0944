using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Batch;

/// <summary>
/// Plays the CronJob controller on the cluster's clock (<see cref="SimulatorOptions.TimeProvider"/>): for each
/// CronJob not suspended, the most recent unmet occurrence of <c>spec.schedule</c> (5 fields or a macro, in
/// <c>spec.timeZone</c>, default UTC) after <c>status.lastScheduleTime</c> (or the creation) starts a Job named
/// <c>&lt;cronjob&gt;-&lt;scheduled time in unix minutes&gt;</c> from <c>spec.jobTemplate</c> (labels and annotations
/// copied, owner reference, annotation <c>batch.kubernetes.io/cronjob-scheduled-timestamp</c>), unless
/// <c>startingDeadlineSeconds</c> has passed for it. <c>concurrencyPolicy</c>: Allow, Forbid (skip while a Job is
/// active; the run happens late when it finishes, as upstream) or Replace (delete the active Jobs first).
/// Keeps <c>status.active</c>, <c>lastScheduleTime</c>, <c>lastSuccessfulTime</c> and deletes finished Jobs beyond
/// <c>successfulJobsHistoryLimit</c> (3) / <c>failedJobsHistoryLimit</c> (1). Jobs of deleted CronJobs are garbage-collected.
/// </summary>
internal sealed class CronJobReconciler(SimulatorContext sim)
{
    public void Step()
    {
        var def = sim.Definition("batch/v1", "CronJob");
        var jobDef = sim.Definition("batch/v1", "Job");
        if (def is null || jobDef is null) return;
        var cronJobs = sim.Store.List(def, null).Items;
        var uids = cronJobs.Select(BatchObjects.Uid).ToHashSet(StringComparer.Ordinal);
        var jobs = sim.Store.List(jobDef, null).Items;
        foreach (var orphan in jobs.Where(j => BatchObjects.OwnerUid(j, "CronJob") is { } owner && !uids.Contains(owner)))
        {
            TryDelete(jobDef, orphan);
        }
        foreach (var cronJob in cronJobs)
        {
            var uid = BatchObjects.Uid(cronJob);
            Reconcile(def, jobDef, cronJob, jobs.Where(j => BatchObjects.OwnerUid(j, "CronJob") == uid).ToList());
        }
    }

    /// <summary>Parses a CronJob schedule the way the API server accepts it (5 fields or @hourly, @daily, ...).</summary>
    public static CronExpression? ParseSchedule(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return CronExpression.Parse(text.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }

    public static TimeZoneInfo? ParseTimeZone(string? id)
    {
        if (string.IsNullOrEmpty(id)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException)
        {
            return null;
        }
    }

    private void Reconcile(ResourceDefinition def, ResourceDefinition jobDef, JsonObject cronJob, List<JsonObject> jobs)
    {
        var ns = JsonHelpers.NamespaceOf(cronJob)!;
        var name = JsonHelpers.NameOf(cronJob)!;
        var now = sim.Store.Time.GetUtcNow();
        var active = jobs.Where(j => BatchObjects.FinishedCondition(j) is null).ToList();

        var cron = ParseSchedule(cronJob.AtPath("spec.schedule").ScalarText());
        var zone = ParseTimeZone(cronJob.AtPath("spec.timeZone").ScalarText());
        var suspended = cronJob.AtPath("spec.suspend").ScalarText() == "true";
        DateTimeOffset? scheduled = null;
        if (cron is not null && zone is not null && !suspended)
        {
            scheduled = MostRecentUnmet(cronJob, cron, zone, now);
        }
        if (scheduled is { } at)
        {
            var policy = cronJob.AtPath("spec.concurrencyPolicy").ScalarText() ?? "Allow";
            if (policy == "Forbid" && active.Count > 0)
            {
                scheduled = null; // stays unmet: runs late once the active Job finishes (within startingDeadlineSeconds)
            }
            else
            {
                if (policy == "Replace")
                {
                    foreach (var job in active) TryDelete(jobDef, job);
                    active.Clear();
                }
                if (CreateJob(jobDef, cronJob, at) is { } created) active.Add(created);
            }
        }

        var lastSuccess = jobs.Where(j => BatchObjects.FinishedCondition(j) == "Complete")
            .Select(j => BatchObjects.Time(j.AtPath("status.completionTime").ScalarText())).Where(t => t is not null).Max();
        sim.Store.Mutate(def, ns, name, o =>
        {
            var s = BatchObjects.Status(o);
            if (scheduled is { } t) s["lastScheduleTime"] = JsonHelpers.Timestamp(t);
            if (active.Count > 0)
            {
                s["active"] = new JsonArray(active.OrderBy(j => JsonHelpers.NameOf(j), StringComparer.Ordinal).Select(j => (JsonNode)new JsonObject
                {
                    ["apiVersion"] = "batch/v1",
                    ["kind"] = "Job",
                    ["name"] = JsonHelpers.NameOf(j),
                    ["namespace"] = ns,
                    ["uid"] = BatchObjects.Uid(j),
                }).ToArray());
            }
            else
            {
                s.Remove("active");
            }
            if (lastSuccess is { } ls) s["lastSuccessfulTime"] = JsonHelpers.Timestamp(ls);
            return true;
        });
        TrimHistory(jobDef, cronJob, jobs);
    }

    private static DateTimeOffset? MostRecentUnmet(JsonObject cronJob, CronExpression cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        var earliest = BatchObjects.Time(cronJob.AtPath("status.lastScheduleTime").ScalarText())
            ?? BatchObjects.Time(cronJob.AtPath("metadata.creationTimestamp").ScalarText())
            ?? now;
        var deadline = cronJob.AtPath("spec.startingDeadlineSeconds").Long();
        if (deadline is { } d && earliest < now.AddSeconds(-d)) earliest = now.AddSeconds(-d);
        if (earliest >= now) return null;
        DateTimeOffset? last = null;
        foreach (var occurrence in cron.GetOccurrences(earliest, now, zone, fromInclusive: false, toInclusive: true)) last = occurrence;
        return last;
    }

    private JsonObject? CreateJob(ResourceDefinition jobDef, JsonObject cronJob, DateTimeOffset scheduled)
    {
        var ns = JsonHelpers.NamespaceOf(cronJob)!;
        var cronJobName = JsonHelpers.NameOf(cronJob)!;
        var name = $"{cronJobName}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";
        if (sim.Store.Get(jobDef, ns, name) is { } existing) return BatchObjects.FinishedCondition(existing) is null ? existing : null;
        var template = cronJob.AtPath("spec.jobTemplate") as JsonObject ?? new JsonObject();
        var annotations = template.AtPath("metadata.annotations")?.DeepClone() as JsonObject ?? new JsonObject();
        annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] = scheduled.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var meta = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = template.AtPath("metadata.labels")?.DeepClone() ?? new JsonObject(),
            ["annotations"] = annotations,
            ["ownerReferences"] = new JsonArray(BatchObjects.OwnerReference(cronJob, "batch/v1", "CronJob")),
        };
        try
        {
            return sim.Store.Create(jobDef, new JsonObject
            {
                ["apiVersion"] = "batch/v1",
                ["kind"] = "Job",
                ["metadata"] = meta,
                ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
            });
        }
        catch (ApiException)
        {
            return null; // e.g. the namespace is terminating
        }
    }

    private void TrimHistory(ResourceDefinition jobDef, JsonObject cronJob, List<JsonObject> jobs)
    {
        var limits = new[]
        {
            ("Complete", (int)(cronJob.AtPath("spec.successfulJobsHistoryLimit").Long() ?? 3)),
            ("Failed", (int)(cronJob.AtPath("spec.failedJobsHistoryLimit").Long() ?? 1)),
        };
        foreach (var (condition, limit) in limits)
        {
            var finished = jobs.Where(j => BatchObjects.FinishedCondition(j) == condition)
                .OrderByDescending(j => BatchObjects.Time(j.AtPath("status.startTime").ScalarText()) ?? DateTimeOffset.MinValue)
                .ThenByDescending(j => JsonHelpers.NameOf(j), StringComparer.Ordinal)
                .ToList();
            foreach (var old in finished.Skip(Math.Max(0, limit))) TryDelete(jobDef, old);
        }
    }

    private void TryDelete(ResourceDefinition def, JsonObject obj)
    {
        try
        {
            sim.Store.Delete(def, JsonHelpers.NamespaceOf(obj), JsonHelpers.NameOf(obj)!);
        }
        catch (ApiException)
        {
            // already gone
        }
    }
}
