using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Storage;
using Portal.Application.Features.Storage.ClassChange;
using Portal.Domain.Requests;

namespace Portal.Execution.Storage;

/// <summary>Moves a snapshot class's mark (Velero's label or the default annotation) to the asked class of its driver: the
/// class is read again first (still there, same driver, not changed by anyone since the request was made, no other class of
/// the driver given the mark meanwhile: else it fails in words and writes nothing), the class gets the mark, then every other class of the driver loses
/// it. Only those two fields are written (server-side apply under the portal's field manager); a second run finds the work
/// done and does it again harmlessly.</summary>
internal sealed class SnapshotClassChangeExecutor(IStorageInventoryGateway storage, StorageInventoryReader inventories) : IOperationExecutor
{
    /// <summary>The request's result once the class was checked and the writes began: the resourceVersion found.</summary>
    private const string Checked = "checkedResourceVersion";

    public RequestKind Kind => RequestKind.SnapshotClassChange;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var p = run.Request.ParametersAs<SnapshotClassChangeParameters>();
        const string nothing = "Nothing was changed.";
        // Checked again right before the write: approval can take days.
        var classes = await storage.ListSnapshotClassesAsync(run.Connection, ct);
        var target = classes.FirstOrDefault(c => c.Name == p.SnapshotClassName);
        if (target is null)
            return ExecutionOutcome.Failed($"VolumeSnapshotClass {p.SnapshotClassName} no longer exists on {run.Cluster.Name}: it was deleted after this request was made. {nothing}");
        if (target.Driver != p.Driver)
            return ExecutionOutcome.Failed($"VolumeSnapshotClass {p.SnapshotClassName} on {run.Cluster.Name} now has driver {target.Driver}, not {p.Driver} as when this request was made: it was replaced. {nothing}");
        if (SnapshotClassChanges.AlreadyDone(target, classes, p.Change))
        {
            await run.EventAsync(RequestEventKind.Step, $"Already so: {SnapshotClassChanges.Describe(p.Change, target.Name, target.Driver)}", ct: ct);
            return ExecutionOutcome.Succeeded();
        }

        // A run that starts again after it began writing finds the class changed by its own write: the check was made once.
        if (run.Request.ResultJson?.Contains($"\"{Checked}\"", StringComparison.Ordinal) != true)
        {
            if (SnapshotClassChanges.ChangedSince(p, target, classes, run.Cluster.Name) is { } changed)
                return ExecutionOutcome.Failed($"{changed} {nothing}");
            var result = new JsonObject { [Checked] = target.ResourceVersion }.ToJsonString();
            await run.UpdateAsync((r, now) => r.RecordResult(result, now), RequestEventKind.Step,
                $"Checked: {target.Name} is as it was when the change was asked (resourceVersion {target.ResourceVersion})", ct: ct);
        }

        // The class gets the mark first, so the driver always has one marked class.
        if (!await storage.MarkSnapshotClassAsync(run.Connection, target.Name, SnapshotClassChanges.With(target, p.Change, true), ct))
            return ExecutionOutcome.Failed($"VolumeSnapshotClass {p.SnapshotClassName} was deleted on {run.Cluster.Name} just before the change. {nothing}");
        await run.EventAsync(RequestEventKind.Step, $"{target.Name} carries {SnapshotClassChanges.Mark(p.Change)}", ct: ct);
        foreach (var other in SnapshotClassChanges.LosingTheMark(target, classes, p.Change))
        {
            if (await storage.MarkSnapshotClassAsync(run.Connection, other.Name, SnapshotClassChanges.With(other, p.Change, false), ct))
                await run.EventAsync(RequestEventKind.Step, $"{other.Name} no longer carries {SnapshotClassChanges.Mark(p.Change)}", ct: ct);
        }

        inventories.Forget(run.Cluster.Id); // the storage page shows the change at once
        return ExecutionOutcome.Succeeded();
    }
}
