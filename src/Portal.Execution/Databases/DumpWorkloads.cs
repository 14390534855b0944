using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Databases.Jobs;
using Portal.Domain.Databases;

namespace Portal.Execution.Databases;

/// <summary>
/// The domain's schedule and database, as the manifest library builds them: the dump pod (one for the CronJob
/// and for "dump now"), the CronJob, the "dump now" Job and the volume claim. The only place that knows which
/// schedule field goes where, so the executors stay about order and following.
/// </summary>
internal static class DumpWorkloads
{
    /// <summary>Where the dump volume is mounted in dump, restore and verification pods. Artifacts are recorded
    /// relative to it, so a restore finds them whatever the mount.</summary>
    public const string MountPath = "/dumps";

    /// <summary>Stamped on the CronJob, its Jobs and pods, the claim and the ScheduledBackup: the schedule's id
    /// (which finds them again, and owns them), the tenant and the portal.</summary>
    public static Dictionary<string, string> ScheduleLabels(DumpSchedule schedule, string tenantSlug) => new()
    {
        [PortalLabels.DumpScheduleId] = schedule.LabelValue,
        [PortalLabels.Tenant] = tenantSlug,
        [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
    };

    /// <summary>The label selector of the runs the schedule's CronJob made (not the "dump now" Jobs, which their
    /// requests record).</summary>
    public static string ScheduledRunsSelector(DumpSchedule schedule) =>
        $"{PortalLabels.DumpScheduleId}={schedule.LabelValue},{DumpJobManifests.TriggerLabel}=schedule";

    /// <summary>The schedule's dump pod: its client image and script, the database's Service and Secret, its claim or bucket.</summary>
    public static Result<DumpWorkload> ForSchedule(DumpSchedule schedule, DatabaseTarget database, IReadOnlyDictionary<string, string> labels)
    {
        var script = DumpScripts.For(schedule, database);
        if (!script.IsValid)
            return Error.Validation($"The schedule {schedule.Name} cannot become a dump script: {string.Join(" ", script.Errors)}");
        return new DumpWorkload
        {
            Namespace = schedule.Namespace,
            BaseName = schedule.CronJobName,
            Labels = labels,
            Engine = database.Engine,
            Image = schedule.ClientImage,
            Script = script.Script!,
            Host = database.Host,
            Port = database.Port,
            Credentials = Credentials(database),
            Storage = DumpStorages.For(schedule),
            Retention = DumpScripts.BucketRetention(schedule),
            MountPath = MountPath,
            Schedule = schedule.Cron,
            TimeZone = schedule.TimeZone,
        };
    }

    /// <summary>The CronJob, suspended when the schedule is (a suspended CronJob keeps its history and its name).</summary>
    public static JsonObject CronJob(DumpWorkload workload, DumpSchedule schedule)
    {
        var cronJob = DumpJobManifests.CronJob(workload);
        cronJob["spec"]!["suspend"] = schedule.Suspended;
        return cronJob;
    }

    /// <summary>"Dump now": the schedule's pod in a Job named after the request, owned by the request.</summary>
    public static JsonObject DumpNowJob(DumpWorkload workload, Guid requestId) =>
        DumpJobManifests.Job(workload with { Labels = WithRequest(workload.Labels, requestId) }, requestId.ToString("N"));

    /// <summary>The claim the schedule asked the portal to create; null when it names an existing one.</summary>
    public static JsonObject? Claim(DumpSchedule schedule, IReadOnlyDictionary<string, string> labels) =>
        schedule.Destination is { Kind: DumpDestinationKind.PersistentVolumeClaim, CreatePvc: true } d
            ? DumpJobManifests.PersistentVolumeClaim(d.PvcName!, schedule.Namespace, d.StorageClass, d.SizeGi ?? 1, labels)
            : null;

    public static Dictionary<string, string> WithRequest(IReadOnlyDictionary<string, string> labels, Guid requestId) =>
        new(labels) { [PortalLabels.RequestId] = requestId.ToString() };

    public static SecretCredentials Credentials(DatabaseTarget database) =>
        new(database.Credentials.SecretName, database.Credentials.UsernameKey, database.Credentials.Username, database.Credentials.PasswordKey);

    public static string NameOf(JsonObject manifest) => manifest["metadata"]!["name"]!.GetValue<string>();
}
