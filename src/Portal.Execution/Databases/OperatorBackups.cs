using System.Text.Json.Nodes;
using Portal.Application.Common;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Domain.Databases;

namespace Portal.Execution.Databases;

/// <summary>A CloudNativePG schedule as the operator's objects: its ScheduledBackup, a "back up now" Backup, and
/// how the Backups the operator makes for the schedule are found.</summary>
internal static class OperatorBackups
{
    /// <summary>The label CloudNativePG puts on every Backup a ScheduledBackup creates.</summary>
    public const string ScheduledBackupLabel = "cnpg.io/scheduled-backup";

    /// <summary>The CloudNativePG Cluster's name. Discovery records it as <c>cluster/&lt;name&gt;</c>; a typed one is the bare name.</summary>
    public static string ClusterName(DatabaseTarget database)
    {
        var source = database.SourceObject ?? database.Name;
        var slash = source.LastIndexOf('/');
        return slash < 0 ? source : source[(slash + 1)..];
    }

    public static string Method(DumpSchedule schedule) =>
        schedule.CnpgMethod == CnpgBackupMethod.VolumeSnapshot ? CnpgBackupManifests.VolumeSnapshot : CnpgBackupManifests.BarmanObjectStore;

    /// <summary>The ScheduledBackup, or why the schedule's cron cannot be CloudNativePG's (a macro such as @daily has no
    /// six-field form).</summary>
    public static Result<JsonObject> ScheduledBackup(DumpSchedule schedule, DatabaseTarget database, IReadOnlyDictionary<string, string> labels)
    {
        if (CnpgBackupManifests.ScheduleProblem(schedule.OperatorCron) is { } problem)
            return Error.Validation($"The schedule {schedule.Name} cannot be given to CloudNativePG: {problem}");
        return CnpgBackupManifests.ScheduledBackup(schedule.ScheduledBackupName, schedule.Namespace, ClusterName(database), schedule.OperatorCron,
            Method(schedule), schedule.Suspended, labels);
    }

    /// <summary>"Back up now": <c>&lt;scheduled backup&gt;-now-&lt;first 8 of the request&gt;</c> (57 characters), owned by the request.</summary>
    public static JsonObject BackupNow(DumpSchedule schedule, DatabaseTarget database, Guid requestId, IReadOnlyDictionary<string, string> labels) =>
        CnpgBackupManifests.Backup($"{schedule.ScheduledBackupName}-now-{requestId.ToString("N")[^8..]}", schedule.Namespace, ClusterName(database),
            Method(schedule), DumpWorkloads.WithRequest(labels, requestId));

    public static string ScheduledRunsSelector(DumpSchedule schedule) => $"{ScheduledBackupLabel}={schedule.ScheduledBackupName}";

    /// <summary>Where the operator put the backup: the object store path and backup id, else the id or the snapshot's Backup.</summary>
    public static string Location(CnpgBackupStatus status, string backupName) =>
        (status.DestinationPath, status.BackupId) switch
        {
            ({ Length: > 0 } path, { Length: > 0 } id) => $"{path.TrimEnd('/')}/{id}",
            ({ Length: > 0 } path, _) => path,
            (_, { Length: > 0 } id) => $"backup {id} ({backupName})",
            _ => $"Backup {backupName}",
        };
}
