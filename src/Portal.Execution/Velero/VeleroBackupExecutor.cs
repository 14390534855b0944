using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Requests;
using Portal.Domain.Requests;

namespace Portal.Execution.Velero;

/// <summary>A namespace backup: check the namespace is still the tenant's and still on the cluster, ensure the request's Velero Backup exists (deterministic name, so a retry
/// finds the one it made), then follow it to the end.</summary>
internal sealed class VeleroBackupExecutor(IClusterGateway gateway, VeleroFollower follower) : IOperationExecutor
{
    public RequestKind Kind => RequestKind.NamespaceBackup;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var request = run.Request;
        var p = request.BackupParameters;
        var name = ObjectNaming.VeleroObjectName(request);
        if (request.ObjectName is null)
        {
            // Checked again right before the create: the namespace may have changed hands or gone since the request was made.
            const string nothing = "Nothing was backed up.";
            if (await Recheck.StillTenantsAsync(run, request.Namespace, nothing, ct) is { } notOurs) return ExecutionOutcome.Failed(notOurs);
            if (await gateway.GetNamespaceAsync(run.Connection, request.Namespace, ct) is null)
                return ExecutionOutcome.Failed($"Namespace {request.Namespace} no longer exists on cluster {run.Cluster.Name}. {nothing}");
            await run.UpdateAsync((r, now) => r.RecordObject("velero.io/v1 Backup", name, now), RequestEventKind.Step,
                $"Creating Velero Backup {name} in namespace {run.VeleroNamespace} on {run.Cluster.Name}", ct: ct);
        }

        var spec = new VeleroBackupSpec(name, request.Namespace, p.Ttl, p.VolumeMode, p.StorageLocation, ObjectNaming.Labels(request, run.Tenant.Slug));
        var status = await gateway.EnsureBackupAsync(run.Connection, run.VeleroNamespace, spec, ct);
        await run.EventAsync(RequestEventKind.Step, $"Velero Backup {name} is on the cluster; following it", $"Phase: {status.Phase ?? "New"}", ct);
        return await follower.FollowAsync(run, VeleroObjectKind.Backup, name, ct);
    }
}
