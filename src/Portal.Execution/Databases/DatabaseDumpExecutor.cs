using Portal.Application.Features.Databases;
using Portal.Domain.Databases;
using Portal.Domain.Requests;

namespace Portal.Execution.Databases;

/// <summary>"Dump now": one run of the schedule's dump for this request, recorded as a manual artifact. The request
/// fails with the dump tool's own error text when the dump fails, so the reason reads as pg_dump or mysqldump wrote it.</summary>
internal sealed class DatabaseDumpExecutor(ManualDump dump) : IOperationExecutor
{
    public RequestKind Kind => RequestKind.DatabaseDump;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var p = run.Request.ParametersAs<DatabaseDumpParameters>();
        if (await ScheduleContext.LoadAsync(run, p.ScheduleId, ct) is not { } context) return ExecutionOutcome.Failed(ScheduleContext.Missing(run));
        var done = await dump.RunAsync(run, context, DumpTrigger.Manual, ct);
        if (!done.IsSuccess) return ExecutionOutcome.Failed(done.Error!.Message);

        var artifact = done.Value!;
        await run.UpdateAsync((r, now) => r.RecordResult(DatabaseRunResults.Write(ManualDump.Result(artifact, context.Schedule)), now),
            RequestEventKind.Step, DumpEvents.Ended(artifact, context), artifact.Error, ct);
        return artifact.Status == DumpArtifactStatus.Succeeded
            ? ExecutionOutcome.Succeeded()
            : ExecutionOutcome.Failed($"The dump of {context.Database.Name} failed: {artifact.Error}");
    }
}
