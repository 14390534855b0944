using System.Text.Json.Nodes;
using Portal.Domain.Common;

namespace Portal.Databases.Jobs;

/// <summary>What a Job pod does; stamped as the label <see cref="DumpJobManifests.JobKindLabel"/>.</summary>
public enum DatabaseJobKind
{
    Dump,
    Restore,
    Verify,
}

/// <summary>
/// Builds the Kubernetes objects that run the generated scripts: a <c>batch/v1 CronJob</c> per dump schedule,
/// a <c>Job</c> for "dump now", restore and verification, and a <c>PersistentVolumeClaim</c> for the artifacts.
/// Pure functions: a <see cref="DumpWorkload"/> in, a <see cref="JsonObject"/> out (what the portal sends to the
/// API server). Invalid input throws <see cref="ArgumentException"/> with <see cref="DumpWorkload.Validate"/>'s words.
/// The pod inside depends on <see cref="DumpWorkload.Storage"/> (see <see cref="DumpPods"/>); either way the portal
/// reads the result from the termination message of the pod's (last) main container.
/// </summary>
public static class DumpJobManifests
{
    /// <summary>The prefix of the portal's labels (<see cref="PortalLabels"/>, under the configured label domain).</summary>
    public static string LabelPrefix => PortalLabels.Prefix;

    /// <summary><c>schedule</c> (created by the CronJob) or <c>manual</c> (dump now, restore, verify).</summary>
    public static string TriggerLabel => PortalLabels.Trigger;

    /// <summary><c>dump</c>, <c>restore</c> or <c>verify</c>.</summary>
    public static string JobKindLabel => PortalLabels.JobKind;

    /// <summary>The full run id of a manual Job (the name carries only its first 8 characters).</summary>
    public static string RunIdAnnotation => PortalLabels.RunId;

    /// <summary>The uid (and gid) of the official images' database user: <c>postgres</c> (Debian variant) and
    /// <c>mysql</c> in both <c>mysql</c> (Oracle Linux) and <c>mariadb</c> (Ubuntu) are 999:999. The images start as
    /// root only to initialise a server; the client tools need no root, and fsGroup 999 makes the PVC writable
    /// for that user. (The <c>postgres:*-alpine</c> variant uses 70; it still runs the tools as 999, with
    /// <c>HOME</c> not writable, which the scripts do not need.)</summary>
    public const long ImageUserId = 999;

    internal static readonly HashSet<string> ReservedEnv =
    [
        "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGPASSFILE",
        "MYSQL_HOST", "MYSQL_TCP_PORT", "MYSQL_USER", "MYSQL_PWD",
        "TERMINATION_LOG", "TMPDIR",
    ];

    /// <summary>The dump schedule: <c>concurrencyPolicy: Forbid</c>, the IANA time zone, history limits, and the pod template.</summary>
    public static JsonObject CronJob(DumpWorkload workload)
    {
        var errors = workload.Validate().ToList();
        if (string.IsNullOrWhiteSpace(workload.Schedule))
            errors.Add("A dump schedule needs a cron expression.");
        if (string.IsNullOrWhiteSpace(workload.TimeZone))
            errors.Add("A dump schedule needs an IANA time zone (e.g. Europe/Berlin or Etc/UTC).");
        Throw(errors);

        var jobLabels = Labels(workload.Labels, DatabaseJobKind.Dump, "schedule");
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = Metadata(CronJobName(workload), workload.Namespace, Labels(workload.Labels, DatabaseJobKind.Dump, null), null),
            ["spec"] = new JsonObject
            {
                ["schedule"] = workload.Schedule,
                ["timeZone"] = workload.TimeZone,
                ["concurrencyPolicy"] = "Forbid",
                ["startingDeadlineSeconds"] = workload.StartingDeadlineSeconds,
                ["successfulJobsHistoryLimit"] = workload.SuccessfulJobsHistoryLimit,
                ["failedJobsHistoryLimit"] = workload.FailedJobsHistoryLimit,
                ["suspend"] = false,
                ["jobTemplate"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = LabelObject(jobLabels) },
                    ["spec"] = JobSpec(workload, jobLabels, DatabaseJobKind.Dump),
                },
            },
        };
    }

    /// <summary>The CronJob's name: the base name, cut to 52 characters with a hash suffix when longer.</summary>
    public static string CronJobName(DumpWorkload workload) => KubeNames.Fit(workload.BaseName, KubeNames.MaxCronJobName);

    /// <summary>"Dump now": <c>&lt;base&gt;-now-&lt;first 8 of runId&gt;</c>, the same pod as the schedule's.</summary>
    public static JsonObject Job(DumpWorkload workload, string runId) => ManualJob(workload, runId, DatabaseJobKind.Dump);

    /// <summary>A restore Job (<c>&lt;base&gt;-restore-&lt;run&gt;</c>) running <see cref="DumpWorkload.Script"/> (the restore
    /// script), with the artifacts' PVC mounted read-only; from S3, after an init container downloaded and checked
    /// <see cref="DumpWorkload.Artifact"/>.</summary>
    public static JsonObject RestoreJob(DumpWorkload workload, string runId) => ManualJob(workload, runId, DatabaseJobKind.Restore);

    /// <summary>A verification Job (<c>&lt;base&gt;-verify-&lt;run&gt;</c>) running the verification script, read-only like a restore.</summary>
    public static JsonObject VerifyJob(DumpWorkload workload, string runId) => ManualJob(workload, runId, DatabaseJobKind.Verify);

    /// <summary>The name a manual Job gets, within 63 characters.</summary>
    public static string JobName(DumpWorkload workload, string runId, DatabaseJobKind kind)
    {
        var suffix = "-" + Infix(kind) + "-" + KubeNames.ShortRunId(runId);
        return KubeNames.Fit(workload.BaseName, KubeNames.MaxJobName - suffix.Length) + suffix;
    }

    /// <summary>A claim for the dumps: <c>ReadWriteOnce</c>, the given size in GiB, the class (null: the cluster's default).</summary>
    public static JsonObject PersistentVolumeClaim(string name, string @namespace, string? storageClass, int sizeGi, IReadOnlyDictionary<string, string> labels)
    {
        var errors = new List<string>();
        if (sizeGi < 1)
            errors.Add($"The size must be at least 1 GiB, not {sizeGi}.");
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(@namespace))
            errors.Add("The claim needs a name and a namespace.");
        errors.AddRange(labels.Where(l => !KubeNames.IsValidLabel(l.Key, l.Value)).Select(l => $"The label {l.Key}={l.Value} is not a valid Kubernetes label."));
        Throw(errors);

        var spec = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = $"{sizeGi}Gi" } },
        };
        if (!string.IsNullOrWhiteSpace(storageClass))
            spec["storageClassName"] = storageClass;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = Metadata(name, @namespace, labels, null),
            ["spec"] = spec,
        };
    }

    /// <summary>
    /// Why an existing claim cannot take dumps, in plain words; null when it can. A dump writes, so the claim must
    /// be <c>ReadWriteOnce</c>, <c>ReadWriteMany</c> or <c>ReadWriteOncePod</c> (the dump pod is then its only user).
    /// </summary>
    public static string? DestinationProblem(string claimName, IReadOnlyCollection<string>? accessModes)
    {
        var modes = accessModes ?? [];
        if (modes.Any(m => m is "ReadWriteOnce" or "ReadWriteMany" or "ReadWriteOncePod"))
            return null;
        var have = modes.Count == 0 ? "no access mode" : string.Join(", ", modes);
        return $"The volume claim \"{claimName}\" has the wrong access mode for dumps ({have}): a dump writes its file, "
            + "so the claim must be ReadWriteOnce or ReadWriteMany. Pick another claim or create one for dumps.";
    }

    private static JsonObject ManualJob(DumpWorkload workload, string runId, DatabaseJobKind kind)
    {
        var errors = workload.Validate().ToList();
        if (kind != DatabaseJobKind.Dump && workload.Storage is DumpStorage.S3 && workload.Artifact is null)
            errors.Add($"A {Infix(kind)} from S3 needs the artifact and its sha256, to download and check it first.");
        Throw(errors);
        var labels = Labels(workload.Labels, kind, "manual");
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = Metadata(JobName(workload, runId, kind), workload.Namespace, labels, new Dictionary<string, string> { [RunIdAnnotation] = runId }),
            ["spec"] = JobSpec(workload, labels, kind),
        };
    }

    private static string Infix(DatabaseJobKind kind) => kind switch
    {
        DatabaseJobKind.Dump => "now",
        DatabaseJobKind.Restore => "restore",
        _ => "verify",
    };

    private static JsonObject JobSpec(DumpWorkload w, IReadOnlyDictionary<string, string> podLabels, DatabaseJobKind kind) => new()
    {
        ["backoffLimit"] = w.BackoffLimit,
        ["activeDeadlineSeconds"] = w.ActiveDeadlineSeconds,
        ["ttlSecondsAfterFinished"] = w.TtlSecondsAfterFinished,
        ["template"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = LabelObject(podLabels) },
            ["spec"] = DumpPods.Spec(w, kind),
        },
    };

    private static IReadOnlyDictionary<string, string> Labels(IReadOnlyDictionary<string, string> owner, DatabaseJobKind kind, string? trigger)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in owner)
            labels[key] = value;
        labels[JobKindLabel] = kind.ToString().ToLowerInvariant();
        if (trigger is not null)
            labels[TriggerLabel] = trigger;
        return labels;
    }

    private static JsonObject LabelObject(IReadOnlyDictionary<string, string> labels)
    {
        var o = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            o[key] = value;
        return o;
    }

    private static JsonObject Metadata(string name, string @namespace, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string>? annotations)
    {
        var m = new JsonObject { ["name"] = name, ["namespace"] = @namespace, ["labels"] = LabelObject(labels) };
        if (annotations is not null)
            m["annotations"] = LabelObject(annotations);
        return m;
    }

    private static void Throw(IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors));
    }
}
