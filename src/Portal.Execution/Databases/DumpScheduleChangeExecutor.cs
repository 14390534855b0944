using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Databases.Jobs;

namespace Portal.Execution.Databases;

/// <summary>
/// Carries a schedule to its cluster, or takes it away. Apply: the volume claim when the portal is to create it,
/// then the CronJob (suspended or not) — or, for CloudNativePG, the ScheduledBackup; then the schedule is Active.
/// Delete: the CronJob or ScheduledBackup goes (with its Jobs or Backup objects; the dumps stay where they are), and
/// the schedule is Removed. Every write is an apply or a delete by a deterministic name, so a retry repeats it safely.
/// </summary>
internal sealed class DumpScheduleChangeExecutor(IDatabaseWorkloadGateway gateway) : IOperationExecutor
{
    public RequestKind Kind => RequestKind.DumpScheduleChange;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var p = run.Request.ParametersAs<DumpScheduleChangeParameters>();
        if (await ScheduleContext.LoadAsync(run, p.ScheduleId, ct) is not { } context) return ExecutionOutcome.Failed(ScheduleContext.Missing(run));
        return p.Action == DumpScheduleAction.Delete ? await DeleteAsync(run, context, ct) : await ApplyAsync(run, context, ct);
    }

    private async Task<ExecutionOutcome> ApplyAsync(RequestRun run, ScheduleContext context, CancellationToken ct)
    {
        var (schedule, database) = context;
        if (schedule.IsRemoved)
        {
            await run.EventAsync(RequestEventKind.Step, $"Schedule {schedule.Name} was removed meanwhile; nothing to apply", ct: ct);
            return ExecutionOutcome.Succeeded();
        }

        // Checked again before anything is written: approval may have taken days.
        const string nothing = "Nothing was written to the cluster.";
        if (await DatabaseRecheck.OwnershipAsync(run, database, nothing, ct) is { } notOurs) return ExecutionOutcome.Failed(notOurs);
        if (schedule.Method == DumpMethod.NativeTool
            && (await DatabaseRecheck.CredentialsAsync(run, gateway, database, nothing, ct)
                ?? await DatabaseRecheck.StorageAsync(run, gateway, schedule, schedule.Namespace, nothing, ct, claimMadeHere: schedule.Destination.CreatePvc)) is { } changed)
            return ExecutionOutcome.Failed(changed);

        var labels = DumpWorkloads.ScheduleLabels(schedule, run.Tenant.Slug);
        var state = schedule.Suspended ? "suspended" : $"running on \"{(schedule.Method == DumpMethod.CloudNativePg ? schedule.OperatorCron : schedule.Cron)}\" ({schedule.TimeZone})";
        if (schedule.Method == DumpMethod.CloudNativePg)
        {
            var scheduled = OperatorBackups.ScheduledBackup(schedule, database, labels);
            if (!scheduled.IsSuccess) return ExecutionOutcome.Failed(scheduled.Error!.Message);
            await run.UpdateAsync((r, now) => r.RecordObject("postgresql.cnpg.io/v1 ScheduledBackup", schedule.ScheduledBackupName, now), RequestEventKind.Step,
                $"Writing ScheduledBackup {schedule.ScheduledBackupName} for CloudNativePG cluster {OperatorBackups.ClusterName(database)} in {schedule.Namespace}",
                $"Method {OperatorBackups.Method(schedule)}, {state}", ct);
            await gateway.ApplyAsync(run.Connection, scheduled.Value!, PortalLabels.DumpScheduleId, ct);
        }
        else
        {
            var workload = DumpWorkloads.ForSchedule(schedule, database, labels);
            if (!workload.IsSuccess) return ExecutionOutcome.Failed(workload.Error!.Message);
            if (DumpWorkloads.Claim(schedule, labels) is { } claim)
            {
                await run.EventAsync(RequestEventKind.Step, $"Making sure volume claim {schedule.Destination.PvcName} exists in {schedule.Namespace}",
                    $"{schedule.Destination.SizeGi} GiB, storage class {schedule.Destination.StorageClass ?? "(the cluster's default)"}", ct);
                await gateway.ApplyAsync(run.Connection, claim, PortalLabels.DumpScheduleId, ct);
            }

            await run.UpdateAsync((r, now) => r.RecordObject("batch/v1 CronJob", schedule.CronJobName, now), RequestEventKind.Step,
                $"Writing CronJob {schedule.CronJobName} in {schedule.Namespace} on {run.Cluster.Name}",
                $"{schedule.ClientImage} dumps {schedule.DatabaseName ?? "the server's globals"} of {database.Name} to {DumpStorages.Describe(schedule)}, {state}", ct);
            await gateway.ApplyAsync(run.Connection, DumpWorkloads.CronJob(workload.Value!, schedule), PortalLabels.DumpScheduleId, ct);
        }

        // A removal asked for meanwhile wins: its own request deletes what this one wrote.
        await ChangeScheduleAsync(run, schedule.Id, (s, now) => { if (!s.IsRemoved) s.MarkApplied(now); }, ct);
        await run.EventAsync(RequestEventKind.Step, $"Schedule {schedule.Name} is on the cluster, {state}", ct: ct);
        return ExecutionOutcome.Succeeded();
    }

    private async Task<ExecutionOutcome> DeleteAsync(RequestRun run, ScheduleContext context, CancellationToken ct)
    {
        var schedule = context.Schedule;
        var (apiVersion, kind, name) = schedule.Method == DumpMethod.CloudNativePg
            ? (CnpgBackupManifests.ApiVersion, "ScheduledBackup", schedule.ScheduledBackupName)
            : ("batch/v1", "CronJob", schedule.CronJobName);
        await run.UpdateAsync((r, now) => r.RecordObject($"{apiVersion} {kind}", name, now), RequestEventKind.Step,
            $"Deleting {kind} {name} from {schedule.Namespace} on {run.Cluster.Name}",
            "The dumps already written stay where they are, and stay listed.", ct);
        // Already gone (404) is what was wanted: the gateway treats it as done.
        await gateway.DeleteAsync(run.Connection, apiVersion, kind, schedule.Namespace, name, ct);
        await ChangeScheduleAsync(run, schedule.Id, (s, now) => s.MarkRemoved(now), ct);
        await run.EventAsync(RequestEventKind.Step, $"Schedule {schedule.Name} is removed from the cluster; no more dumps will run", ct: ct);
        return ExecutionOutcome.Succeeded();
    }

    /// <summary>Records where the schedule stands after the cluster accepted the change (a no-op when it is there already).</summary>
    private static async Task ChangeScheduleAsync(RequestRun run, Guid scheduleId, Action<DumpSchedule, DateTimeOffset> change, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        var schedule = await db.DumpSchedules.FirstAsync(s => s.Id == scheduleId, ct);
        if (schedule.State == DumpScheduleState.Removed) return;
        change(schedule, run.Now);
        await db.SaveChangesAsync(ct);
    }
}
