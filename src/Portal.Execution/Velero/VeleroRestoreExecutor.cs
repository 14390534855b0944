using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Requests;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Execution.Velero;

/// <summary>A namespace restore: check the backup is still there and the target still ours, ensure the
/// request's Velero Restore exists, follow it, and on success record a new target namespace as the tenant's.</summary>
internal sealed class VeleroRestoreExecutor(IClusterGateway gateway, VeleroFollower follower) : IOperationExecutor
{
    public RequestKind Kind => RequestKind.NamespaceRestore;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var request = run.Request;
        var p = request.RestoreParameters;
        var name = ObjectNaming.VeleroObjectName(request);

        // Checks before the first create only: once the Restore exists, a retry just follows it.
        if (request.ObjectName is null)
        {
            var backup = await gateway.GetBackupAsync(run.Connection, run.VeleroNamespace, p.BackupName, ct);
            if (backup is null)
                return ExecutionOutcome.Failed($"The backup {p.BackupName} no longer exists on cluster {run.Cluster.Name} (it may have expired or been deleted). Nothing was restored; choose another backup and ask again.");
            if (!backup.IsRestorable)
                return ExecutionOutcome.Failed($"The backup {p.BackupName} is {backup.Phase}; only a Completed or PartiallyFailed backup can be restored. Nothing was restored.");
            if (await OwnerOfTargetAsync(run, p.TargetNamespace, ct) is { } owner && owner != request.TenantId)
                return ExecutionOutcome.Failed($"Namespace {p.TargetNamespace} was given to another tenant after this request was made. Nothing was restored.");
            await run.UpdateAsync((r, now) => r.RecordObject("velero.io/v1 Restore", name, now), RequestEventKind.Step,
                $"Creating Velero Restore {name} from backup {p.BackupName} into namespace {p.TargetNamespace}", ct: ct);
        }

        var spec = new VeleroRestoreSpec(name, p.BackupName, request.Namespace, p.TargetNamespace, p.ExistingResourcePolicy,
            p.RestoreVolumes, ObjectNaming.Labels(request, run.Tenant.Slug));
        var status = await gateway.EnsureRestoreAsync(run.Connection, run.VeleroNamespace, spec, ct);
        await run.EventAsync(RequestEventKind.Step, $"Velero Restore {name} is on the cluster; following it", $"Phase: {status.Phase ?? "New"}", ct);
        var outcome = await follower.FollowAsync(run, VeleroObjectKind.Restore, name, ct);

        if (outcome.Status != RequestStatus.Failed && p.TargetNamespace != request.Namespace
            && await OwnerOfTargetAsync(run, p.TargetNamespace, ct) is null)
        {
            // The portal's rights in the namespace come with the hand-over (its RoleBinding there), before it is recorded.
            await gateway.EnsureNamespaceAccessAsync(run.Connection, p.TargetNamespace, ct);
            await run.UpdateAsync(null, RequestEventKind.Step, $"Namespace {p.TargetNamespace} now belongs to tenant {run.Tenant.DisplayName}", ct: ct,
                alsoInSameTransaction: db => db.TenantNamespaces.Add(new TenantNamespace(request.TenantId, request.ClusterId, p.TargetNamespace, run.Now, "executor")));
        }
        return outcome;
    }

    private static async Task<Guid?> OwnerOfTargetAsync(RequestRun run, string target, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        return await db.TenantNamespaces.AsNoTracking()
            .Where(n => n.ClusterId == run.Request.ClusterId && n.Namespace == target).Select(n => (Guid?)n.TenantId).FirstOrDefaultAsync(ct);
    }
}
