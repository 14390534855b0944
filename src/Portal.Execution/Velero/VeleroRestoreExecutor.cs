using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Requests;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Execution.Velero;

/// <summary>A namespace restore: check the backup is still there and the target still ours, ensure the
/// request's Velero Restore exists, follow it, and on success record a new target namespace as the tenant's. A backup taken
/// on another cluster (the request's cluster is where it is restored) is waited for until this cluster's Velero has synced
/// it from the shared location, its classes mapped by resource modifiers of the Restore; the source cluster is never contacted. GitOps that deploys into the
/// target is frozen around the restore (<see cref="RestoreGitOpsFreeze"/>).</summary>
internal sealed class VeleroRestoreExecutor(IClusterGateway gateway, VeleroFollower follower, CrossClusterRestorePrep crossCluster,
    RestoreGitOpsFreeze gitOps, Microsoft.Extensions.Options.IOptions<ExecutionOptions> options) : IOperationExecutor
{
    public RequestKind Kind => RequestKind.NamespaceRestore;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        ExecutionOutcome outcome;
        try
        {
            outcome = await RestoreAsync(run, ct);
        }
        catch (ClusterAccessException ex) when (Application.Resilience.Transient.IsClusterOutage(ex) && run.Request.Attempt < options.Value.MaxAttempts)
        {
            throw; // the run is tried again later and resumes: what is frozen stays frozen until then
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or LeaseLostException))
        {
            try
            {
                await UnfreezeQuietlyAsync(run, ct);
            }
            catch (ClusterAccessException)
            {
                // The cluster went away meanwhile: the freeze stays recorded, and the reminder offers the unfreeze.
            }
            throw;
        }
        // A restore that failed unfreezes too: the live state is GitOps's again (unless the requester asked to keep it).
        if (outcome.ResumeAt is null) await UnfreezeQuietlyAsync(run, ct);
        return outcome;
    }

    private async Task UnfreezeQuietlyAsync(RequestRun run, CancellationToken ct)
    {
        await gitOps.UnfreezeAsync(run, ct);
        await gitOps.NoteKeptAsync(run, ct);
    }

    private async Task<ExecutionOutcome> RestoreAsync(RequestRun run, CancellationToken ct)
    {
        var request = run.Request;
        var p = request.RestoreParameters;
        var name = ObjectNaming.VeleroObjectName(request);

        // Checks before the first create only: once the Restore exists, a retry just follows it.
        if (request.ObjectName is null)
        {
            if (p.IsCrossCluster)
            {
                if (await crossCluster.CheckAsync(run, p, ct) is { } changed) return ExecutionOutcome.Failed(changed);
                if (await TargetProblemAsync(run, p, ct) is { } taken) return ExecutionOutcome.Failed(taken);
                if (await crossCluster.WaitForBackupAsync(run, p, ct) is { } unseen) return ExecutionOutcome.Failed(unseen);
            }
            var backup = await gateway.GetBackupAsync(run.Connection, run.VeleroNamespace, p.BackupName, ct);
            if (backup is null)
                return ExecutionOutcome.Failed($"The backup {p.BackupName} no longer exists on cluster {run.Cluster.Name} (it may have expired or been deleted). Nothing was restored; choose another backup and ask again.");
            if (!backup.IsRestorable)
                return ExecutionOutcome.Failed($"The backup {p.BackupName} is {backup.Phase}; only a Completed or PartiallyFailed backup can be restored. Nothing was restored.");
            if (await TargetProblemAsync(run, p, ct) is { } problem) return ExecutionOutcome.Failed(problem);
            await gitOps.FreezeAsync(run, p, ct);
            if (ClassModifiers(p) is { Count: > 0 } rules)
                await run.EventAsync(RequestEventKind.Step, $"Classes mapped for this restore on {run.Cluster.Name}: {string.Join("; ", rules.Select(r => r.Why))}",
                    "Velero resource modifiers of this Restore only; nothing cluster-wide is changed.", ct);
            await run.UpdateAsync((r, now) => r.RecordObject("velero.io/v1 Restore", name, now), RequestEventKind.Step,
                $"Creating Velero Restore {name} from backup {p.BackupName} into namespace {p.TargetNamespace}", ct: ct);
        }

        var spec = new VeleroRestoreSpec(name, p.BackupName, request.Namespace, p.TargetNamespace, p.ExistingResourcePolicy,
            p.RestoreVolumes, ObjectNaming.Labels(request, run.Tenant.Slug), ClassModifiers(p));
        var status = await gateway.EnsureRestoreAsync(run.Connection, run.VeleroNamespace, spec, ct);
        await run.EventAsync(RequestEventKind.Step, $"Velero Restore {name} is on the cluster; following it", $"Phase: {status.Phase ?? "New"}", ct);
        var outcome = await follower.FollowAsync(run, VeleroObjectKind.Restore, name, ct);

        if (outcome.Status != RequestStatus.Failed && (p.TargetNamespace != request.Namespace || p.IsCrossCluster)
            && await Recheck.OwnerAsync(run, p.TargetNamespace, ct) is null)
        {
            // The portal's rights in the namespace come with the hand-over (its RoleBinding there), before it is recorded.
            await gateway.EnsureNamespaceAccessAsync(run.Connection, p.TargetNamespace, ct);
            await run.UpdateAsync(null, RequestEventKind.Step, $"Namespace {p.TargetNamespace} on {run.Cluster.Name} now belongs to tenant {run.Tenant.DisplayName}", ct: ct,
                alsoInSameTransaction: db => db.TenantNamespaces.Add(new TenantNamespace(request.TenantId, request.ClusterId, p.TargetNamespace, run.Now, "executor")));
        }
        return outcome;
    }

    /// <summary>The storage and ingress classes the requester mapped, as Velero resource modifiers of this restore only
    /// (nothing cluster-wide changes); none for a restore on the same cluster.</summary>
    internal static IReadOnlyList<RestoreModifierRule> ClassModifiers(RestoreParameters p) => p.Classes is { } c
        ? [.. RestoreModifiers.StorageClasses(c.StorageClassMap), .. RestoreModifiers.IngressClasses(c.IngressClassMap)]
        : [];

    /// <summary>The target as the request was approved: the tenant's namespace still its own; a new namespace still new
    /// on the cluster (or, if the requester confirmed writing into an existing one, still the tenant's). Null when it holds.</summary>
    private async Task<string?> TargetProblemAsync(RequestRun run, RestoreParameters p, CancellationToken ct)
    {
        const string nothing = "Nothing was restored.";
        var request = run.Request;
        if (!p.IsCrossCluster && await Recheck.StillTenantsAsync(run, request.Namespace, nothing, ct) is { } source) return source;
        if (!p.IsCrossCluster && p.TargetNamespace == request.Namespace) return null;

        var owner = await Recheck.OwnerAsync(run, p.TargetNamespace, ct);
        if (owner is not null && owner != request.TenantId)
            return $"Namespace {p.TargetNamespace} was given to another tenant after this request was made. {nothing}";
        if (p.IntoExistingNamespace && owner == request.TenantId) return null;
        if (await gateway.GetNamespaceAsync(run.Connection, p.TargetNamespace, ct) is null) return null;
        return owner is null
            ? $"Namespace {p.TargetNamespace} now exists on cluster {run.Cluster.Name} and is not your tenant's: someone created it after this request "
              + $"was made. Nothing was restored; ask again with a new name, or ask a platform engineer to assign {p.TargetNamespace} to your tenant."
            : $"Namespace {p.TargetNamespace} now exists on cluster {run.Cluster.Name}: it was created and given to your tenant after this request was "
              + $"made as a restore into a new namespace, and restoring would write next to its live objects. {nothing} Ask again and confirm the "
              + "restore into the existing namespace.";
    }
}
