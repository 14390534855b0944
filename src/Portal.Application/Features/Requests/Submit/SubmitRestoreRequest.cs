using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Restores;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Requests.Submit;

/// <param name="ConfirmExistingTarget">The requester confirmed writing into a namespace that exists and is in use: the
/// namespace itself, or another namespace of the tenant. Without it such a restore is refused.</param>
/// <param name="TargetClusterId">Restore on another cluster of the tenant (the DR cluster), through a backup storage location
/// both clusters see; null: the namespace's own cluster.</param>
/// <param name="StorageClassMap">For another cluster: source storage class → the target's.</param>
/// <param name="IngressClassMap">For another cluster: source ingress class → the target's.</param>
/// <param name="KeepGitOpsFrozen">Leave the GitOps object that deploys into the target frozen after the restore.</param>
public sealed record SubmitRestoreRequestCommand(Guid TenantNamespaceId, string BackupName, string TargetNamespace,
    ExistingResourcePolicy ExistingResourcePolicy, bool RestoreVolumes, string? Reason, bool ConfirmExistingTarget = false,
    Guid? TargetClusterId = null, IReadOnlyDictionary<string, string>? StorageClassMap = null,
    IReadOnlyDictionary<string, string>? IngressClassMap = null, bool KeepGitOpsFrozen = false);

/// <summary>An application owner asks to restore a namespace from a Velero backup, into the same
/// namespace or into a new one their tenant may own; on the same cluster or on another of the tenant's (the DR cluster).
/// A restore to another cluster lives on the cluster it writes to (approved, run and listed there), and names the
/// cluster the backup was taken on in its parameters.</summary>
public sealed class SubmitRestoreRequest(UseCaseServices s, IExecutionSignal signal, IClusterGateway gateway, ClusterConnections connections,
    CrossClusterRestoreCheck otherCluster, GitOpsManagers gitOps) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(SubmitRestoreRequestCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(SubmitRestoreRequest));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null) return Error.NotFound("The namespace");
        var crossCluster = cmd.TargetClusterId is { } other && other != ns.ClusterId;
        var targetClusterId = crossCluster ? cmd.TargetClusterId!.Value : ns.ClusterId;
        if (crossCluster ? !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId) : !caller.Can(Permission.RequestRestore, ns.TenantId, ns.ClusterId))
            return caller.Refuse($"You may not request restores of {ns.Namespace}.");
        if (string.IsNullOrWhiteSpace(cmd.BackupName)) return Error.Validation("Choose the backup to restore from.") with { Field = RestoreFields.Backup };
        var target = (cmd.TargetNamespace ?? "").Trim();
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
        var targetCluster = crossCluster ? await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == targetClusterId, ct) : cluster;
        if (targetCluster is null) return Error.NotFound("The target cluster");
        if (crossCluster && !caller.Can(Permission.RequestRestore, ns.TenantId, targetClusterId))
            return caller.Refuse($"You may not request restores on cluster {targetCluster.Name} for tenant {await TenantNames.OfAsync(db, ns.TenantId, ct)}.");
        if (targetCluster.IsRetired) return Error.Validation($"Cluster {targetCluster.Name} is retired; choose another cluster.") with { Field = RestoreFields.TargetCluster };
        if (TenantNamespaceName.Explain(target, "target namespace", ClusterConnections.VeleroNamespaceOf(targetCluster)) is { } why)
            return Error.Validation(why) with { Field = RestoreFields.TargetNamespace };

        Guid? targetOwner = !crossCluster && target == ns.Namespace ? ns.TenantId : await OwnerOfAsync(s, targetClusterId, target, ct);
        if (targetOwner is not null && targetOwner != ns.TenantId)
            return Error.Validation($"Namespace {target} {(crossCluster ? $"on {targetCluster.Name} " : "")}belongs to another tenant; restore into one of your namespaces or a new one.")
                with { Field = RestoreFields.TargetNamespace };
        // Writing into a namespace in use asks first, whether it is the namespace itself or another one of the tenant's.
        var intoExisting = targetOwner is not null;
        if (intoExisting && !cmd.ConfirmExistingTarget)
            return Error.Validation(UnconfirmedExisting(target, crossCluster ? "" : ns.Namespace, cmd.ExistingResourcePolicy)) with { Field = RestoreFields.ConfirmExistingTarget };

        CrossClusterRestorePlan? plan = null;
        IReadOnlyList<GitOpsReference> managers;
        try
        {
            if (crossCluster)
            {
                var checkedPlan = await otherCluster.CheckAsync(cluster, targetCluster, ns.Namespace, cmd.BackupName,
                    cmd.StorageClassMap ?? new Dictionary<string, string>(), cmd.IngressClassMap ?? new Dictionary<string, string>(), ct);
                if (!checkedPlan.IsSuccess) return checkedPlan.Error!;
                plan = checkedPlan.Value;
            }
            else
            {
                var backup = await gateway.GetBackupAsync(connections.For(cluster), ClusterConnections.VeleroNamespaceOf(cluster), cmd.BackupName, ct);
                if (backup is null) return Error.Validation($"The backup {cmd.BackupName} does not exist on cluster {cluster.Name} (any more).") with { Field = RestoreFields.Backup };
                if (!backup.Includes(ns.Namespace)) return Error.Validation($"The backup {cmd.BackupName} does not contain namespace {ns.Namespace}.") with { Field = RestoreFields.Backup };
                if (!backup.IsRestorable) return Error.Validation($"The backup {cmd.BackupName} is {backup.Phase ?? "not finished"}; only a Completed or PartiallyFailed backup can be restored.") with { Field = RestoreFields.Backup };
            }
            // A new target must really be new: an existing namespace nobody owns (kube-system, say) is off limits.
            if (targetOwner is null && await gateway.GetNamespaceAsync(connections.For(targetCluster), target, ct) is not null)
                return Error.Validation($"Namespace {target} already exists on cluster {targetCluster.Name} and is not owned by your tenant. Choose a new name, or ask a platform engineer to assign it to your tenant.") with { Field = RestoreFields.TargetNamespace };
            // GitOps that deploys into the target would undo the restore: the executor freezes it; the approver sees which.
            managers = await gitOps.OfAsync(connections.For(targetCluster), target, ct);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, crossCluster ? targetCluster.Name : cluster.Name));
        }

        var request = OperationRequest.ForRestore(ns.TenantId, targetClusterId, ns.Namespace,
            new RestoreParameters(cmd.BackupName, target, cmd.ExistingResourcePolicy, cmd.RestoreVolumes, intoExisting,
                crossCluster ? ns.ClusterId : null, plan?.TargetLocation, plan?.Classes, cmd.KeepGitOpsFrozen, managers.Count == 0 ? null : managers,
                RequesterGroups: crossCluster ? caller.Principal.GroupIds : null), // the requester's rights are read again when it runs
            caller.Principal.UserId, caller.Principal.DisplayName, cmd.Reason?.Trim(), s.Now);
        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } asked) return asked;
        if (await RequestSubmission.SaveAsync(db, request, s, ct) is { } raced) return raced;

        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return request.Id;
    }

    /// <summary>Why a restore into a namespace in use needs the requester's confirmation, in words.</summary>
    public static string UnconfirmedExisting(string target, string source, ExistingResourcePolicy policy)
    {
        var what = policy == ExistingResourcePolicy.Update
            ? "objects that exist there now are changed back to the backup's version"
            : "objects that exist there now are kept and missing ones are recreated from the backup";
        return target == source
            ? $"Restoring into {target} itself writes the backup into a namespace in use now ({what}). Confirm the restore into the live namespace."
            : $"Namespace {target} already exists and belongs to your tenant: restoring writes the backup into it ({what}). "
              + "Confirm the restore into the existing namespace, or choose a new name.";
    }

    /// <summary>Which tenant owns the namespace, across every tenant: read outside the caller's scope on purpose,
    /// and only the owner's id leaves this method. Also what a restore preview checks before it reads a target.</summary>
    internal static async Task<Guid?> OwnerOfAsync(UseCaseServices s, Guid clusterId, string @namespace, CancellationToken ct)
    {
        await using var all = await s.Factory.CreateAsync(Security.TenantScope.Everything, ct);
        return await all.TenantNamespaces.AsNoTracking()
            .Where(n => n.ClusterId == clusterId && n.Namespace == @namespace).Select(n => (Guid?)n.TenantId).FirstOrDefaultAsync(ct);
    }
}
