using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Databases.Messages;
using Portal.Domain.Databases;
using Portal.Domain.Requests;

namespace Portal.Execution.Databases;

/// <summary>
/// One dump of a schedule for a request ("dump now", or the first half of a recovery point): the schedule's pod in a
/// Job named after the request (or a CloudNativePG Backup), followed to its end and recorded as an artifact. Resumable:
/// the names are deterministic, an existing Job or Backup is followed rather than made again, and a run whose artifact
/// already ended is not looked for on the cluster at all (its Job may have expired since).
/// </summary>
internal sealed class ManualDump(IDatabaseWorkloadGateway gateway, JobFollower jobs, OperatorBackupFollower backups, DumpRunRecorder recorder)
{
    /// <summary>The finished artifact, or why the dump could not be started.</summary>
    public Task<Result<DumpArtifact>> RunAsync(RequestRun run, ScheduleContext context, DumpTrigger trigger, CancellationToken ct) =>
        context.Schedule.Method == DumpMethod.CloudNativePg ? OperatorAsync(run, context, trigger, ct) : NativeAsync(run, context, trigger, ct);

    private async Task<Result<DumpArtifact>> NativeAsync(RequestRun run, ScheduleContext context, DumpTrigger trigger, CancellationToken ct)
    {
        var (schedule, database) = context;
        var workload = DumpWorkloads.ForSchedule(schedule, database, DumpWorkloads.ScheduleLabels(schedule, run.Tenant.Slug));
        if (!workload.IsSuccess) return workload.Error!;
        var job = DumpWorkloads.DumpNowJob(workload.Value!, run.Request.Id);
        var name = DumpWorkloads.NameOf(job);
        if (await recorder.FindAsync(schedule.ClusterId, name, ct) is { Status: not DumpArtifactStatus.Running } ended) return ended;

        if (run.Request.ObjectName != name)
        {
            // Checked again right before the Job is made: approval (or the queue) may have taken a while.
            if ((await DatabaseRecheck.OwnershipAsync(run, database, NothingDumped, ct)
                    ?? await DatabaseRecheck.CredentialsAsync(run, gateway, database, NothingDumped, ct)
                    ?? await DatabaseRecheck.StorageAsync(run, gateway, schedule, schedule.Namespace, NothingDumped, ct)) is { } changed)
                return Error.Validation(changed);
            await run.UpdateAsync((r, now) => r.RecordObject("batch/v1 Job", name, now), RequestEventKind.Step,
                $"Creating dump Job {name} in namespace {schedule.Namespace} on {run.Cluster.Name}",
                $"{schedule.ClientImage} dumps {schedule.DatabaseName ?? "the server's globals"} of {database.Name} to {DumpStorages.Describe(schedule)}",
                ct);
        }
        await gateway.ApplyAsync(run.Connection, job, PortalLabels.RequestId, ct);
        await recorder.RecordJobAsync(schedule, NotStarted(name), trigger, run.Request.Id, ct);
        var final = await jobs.FollowAsync(run, "Dump", schedule.Namespace, name, ct);
        return await recorder.RecordJobAsync(schedule, final, trigger, run.Request.Id, ct);
    }

    private async Task<Result<DumpArtifact>> OperatorAsync(RequestRun run, ScheduleContext context, DumpTrigger trigger, CancellationToken ct)
    {
        var (schedule, database) = context;
        var backup = OperatorBackups.BackupNow(schedule, database, run.Request.Id, DumpWorkloads.ScheduleLabels(schedule, run.Tenant.Slug));
        var name = DumpWorkloads.NameOf(backup);
        if (await recorder.FindAsync(schedule.ClusterId, name, ct) is { Status: not DumpArtifactStatus.Running } ended) return ended;

        if (run.Request.ObjectName != name)
        {
            if (await DatabaseRecheck.OwnershipAsync(run, database, NothingDumped, ct) is { } notOurs) return Error.Validation(notOurs);
            await run.UpdateAsync((r, now) => r.RecordObject("postgresql.cnpg.io/v1 Backup", name, now), RequestEventKind.Step,
                $"Asking CloudNativePG for a backup of cluster {OperatorBackups.ClusterName(database)}: Backup {name} in {schedule.Namespace}",
                $"Method {OperatorBackups.Method(schedule)}", ct);
        }
        // A Backup's spec cannot change once made: a retry follows the one it finds instead of writing it again.
        if (await gateway.GetCnpgBackupAsync(run.Connection, schedule.Namespace, name, ct) is null)
            await gateway.ApplyAsync(run.Connection, backup, PortalLabels.RequestId, ct);
        await recorder.RecordBackupAsync(schedule, name, CnpgBackupStatus.Parse(null), trigger, run.Request.Id, ct);
        var final = await backups.FollowAsync(run, schedule.Namespace, name, ct);
        return await recorder.RecordBackupAsync(schedule, name, final, trigger, run.Request.Id, ct);
    }

    private const string NothingDumped = "Nothing was dumped.";

    /// <summary>A Job just created: the artifact is recorded as running before the portal waits for it.</summary>
    private static JobRunStatus NotStarted(string name) => new(name, null, new Dictionary<string, string>(), null, null, false, false, null, null);

    /// <summary>The artifact as a request's result.</summary>
    public static DumpRunResult Result(DumpArtifact a, DumpSchedule schedule) => new(a.Id, a.Status.ToString(), a.JobName,
        schedule.Method == DumpMethod.NativeTool ? schedule.Destination.PvcName : null, a.Location, a.SizeBytes, a.Sha256, a.ToolVersion, a.Error);
}
