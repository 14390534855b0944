using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Requests;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Execution.Velero;

namespace Portal.Execution.Databases;

/// <summary>
/// A consistent recovery point: first a dump of the database onto its volume, then — only once the dump succeeded —
/// the Velero backup of the namespace, which then holds the volume with that dump on it. One request, both outcomes in
/// its result. Resumable like its halves: a finished dump is not redone, and the backup has a deterministic name.
/// </summary>
internal sealed class RecoveryPointExecutor(ManualDump dump, IClusterGateway clusters, VeleroFollower follower) : IOperationExecutor
{
    public RequestKind Kind => RequestKind.RecoveryPoint;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var request = run.Request;
        var p = request.ParametersAs<RecoveryPointParameters>();
        if (await ScheduleContext.LoadAsync(run, p.ScheduleId, ct) is not { } context) return ExecutionOutcome.Failed(ScheduleContext.Missing(run));
        if (context.Schedule.Method != DumpMethod.NativeTool)
            return ExecutionOutcome.Failed("A recovery point pairs a dump on a volume with the namespace's Velero backup; this schedule is run by CloudNativePG.");

        var done = await dump.RunAsync(run, context, DumpTrigger.RecoveryPoint, ct);
        if (!done.IsSuccess) return ExecutionOutcome.Failed(done.Error!.Message);
        var artifact = done.Value!;
        var dumped = ManualDump.Result(artifact, context.Schedule);
        if (artifact.Status != DumpArtifactStatus.Succeeded)
        {
            await RecordAsync(run, new RecoveryPointResult(dumped, null), $"Dump of {context.Database.Name} failed; the Velero backup is not taken", ct);
            return ExecutionOutcome.Failed(
                $"The dump of {context.Database.Name} failed, so the Velero backup of {request.Namespace} was not taken: {artifact.Error}");
        }

        var name = ObjectNaming.VeleroObjectName(request);
        if (run.Request.ObjectName != name)
        {
            if (await Recheck.StillTenantsAsync(run, request.Namespace, $"The dump {artifact.Location} was written; the Velero backup was not taken.", ct) is { } notOurs)
                return ExecutionOutcome.Failed(notOurs);
            await RecordAsync(run, new RecoveryPointResult(dumped, null), DumpEvents.Ended(artifact, context), ct);
            await run.UpdateAsync((r, now) => r.RecordObject($"{ClusterApis.Velero} Backup", name, now), RequestEventKind.Step,
                $"Creating Velero Backup {name} of namespace {request.Namespace}"
                + (DumpStorages.IsS3(context.Schedule) ? $"; the dump is in {DumpStorages.Describe(context.Schedule)}" : ", with the volume that holds the dump"),
                ct: ct);
        }

        var spec = new VeleroBackupSpec(name, request.Namespace, p.BackupTtl, p.VolumeMode, null, ObjectNaming.Labels(request, run.Tenant.Slug));
        var status = await clusters.EnsureBackupAsync(run.Connection, run.VeleroNamespace, spec, ct);
        await run.EventAsync(RequestEventKind.Step, $"Velero Backup {name} is on the cluster; following it", $"Phase: {status.Phase ?? "New"}", ct);
        var outcome = await follower.FollowAsync(run, VeleroObjectKind.Backup, name, ct);

        var backedUp = new VeleroBackupResult(name, run.Request.Phase, outcome.FailureReason);
        await RecordAsync(run, new RecoveryPointResult(dumped, backedUp), $"Recovery point: dump {artifact.Location} and Velero Backup {name} ({backedUp.Phase})", ct);
        return outcome.Status == RequestStatus.Succeeded
            ? outcome
            : outcome with { FailureReason = $"The dump {artifact.Location} was written, but the Velero backup did not complete: {outcome.FailureReason}" };
    }

    private static Task RecordAsync(RequestRun run, RecoveryPointResult result, string title, CancellationToken ct) =>
        run.UpdateAsync((r, now) => r.RecordResult(DatabaseRunResults.Write(result), now), RequestEventKind.Step, title, ct: ct);
}
