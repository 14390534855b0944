using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;

namespace Portal.Execution.Snapshots;

/// <summary>Deletes a VolumeSnapshot of the request's namespace (its content follows its class's deletion policy), after
/// checking again that the namespace is still the tenant's. A snapshot already gone is not a failure.</summary>
internal sealed class SnapshotDeletionExecutor(ISnapshotClusterGateway snapshots) : IOperationExecutor
{
    public RequestKind Kind => RequestKind.SnapshotDeletion;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var request = run.Request;
        var p = request.ParametersAs<SnapshotDeletionParameters>();
        if (await Recheck.StillTenantsAsync(run, request.Namespace, "Nothing was deleted.", ct) is { } gone) return ExecutionOutcome.Failed(gone);
        var found = await snapshots.GetSnapshotAsync(run.Connection, request.Namespace, p.SnapshotName, ct);
        if (found is null)
        {
            await run.EventAsync(RequestEventKind.Step, $"VolumeSnapshot {p.SnapshotName} is not in namespace {request.Namespace} on {run.Cluster.Name} (deleted already)", ct: ct);
            return ExecutionOutcome.Succeeded();
        }

        if (found.Namespace != request.Namespace)
            return ExecutionOutcome.Failed($"VolumeSnapshot {p.SnapshotName} is not in namespace {request.Namespace}; the portal deletes only the request's own namespace's snapshots.");
        await snapshots.DeleteSnapshotAsync(run.Connection, request.Namespace, p.SnapshotName, ct);
        await run.EventAsync(RequestEventKind.Step, $"Deleted VolumeSnapshot {p.SnapshotName}",
            found.DeletionPolicy is { } policy ? $"Its content {found.ContentName} follows deletion policy {policy}." : null, ct);
        return ExecutionOutcome.Succeeded();
    }
}
