using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Requests.Submit;

/// <param name="ConfirmExistingTarget">The requester confirmed writing into a namespace that exists and is in use: the
/// namespace itself, or another namespace of the tenant. Without it such a restore is refused.</param>
public sealed record SubmitRestoreRequestCommand(Guid TenantNamespaceId, string BackupName, string TargetNamespace,
    ExistingResourcePolicy ExistingResourcePolicy, bool RestoreVolumes, string? Reason, bool ConfirmExistingTarget = false);

/// <summary>An application owner asks to restore a namespace from a Velero backup, into the same
/// namespace or into a new one their tenant may own.</summary>
public sealed class SubmitRestoreRequest(UseCaseServices s, IExecutionSignal signal, IClusterGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(SubmitRestoreRequestCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(SubmitRestoreRequest));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RequestRestore, ns.TenantId, ns.ClusterId))
            return caller.Refuse($"You may not request restores of {ns.Namespace}.");
        if (string.IsNullOrWhiteSpace(cmd.BackupName)) return Error.Validation("Choose the backup to restore from.");
        var target = (cmd.TargetNamespace ?? "").Trim();
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
        if (TenantNamespaceName.Explain(target, "target namespace", ClusterConnections.VeleroNamespaceOf(cluster)) is { } why) return Error.Validation(why);

        Guid? targetOwner = target == ns.Namespace ? ns.TenantId : await OwnerOfAsync(s, ns.ClusterId, target, ct);
        if (targetOwner is not null && targetOwner != ns.TenantId)
            return Error.Validation($"Namespace {target} belongs to another tenant; restore into one of your namespaces or a new one.");
        // Writing into a namespace in use asks first, whether it is the namespace itself or another one of the tenant's.
        var intoExisting = targetOwner is not null;
        if (intoExisting && !cmd.ConfirmExistingTarget) return Error.Validation(UnconfirmedExisting(target, ns.Namespace, cmd.ExistingResourcePolicy));

        try
        {
            var backup = await gateway.GetBackupAsync(connections.For(cluster), ClusterConnections.VeleroNamespaceOf(cluster), cmd.BackupName, ct);
            if (backup is null) return Error.Validation($"The backup {cmd.BackupName} does not exist on cluster {cluster.Name} (any more).");
            if (!backup.Includes(ns.Namespace)) return Error.Validation($"The backup {cmd.BackupName} does not contain namespace {ns.Namespace}.");
            if (!backup.IsRestorable) return Error.Validation($"The backup {cmd.BackupName} is {backup.Phase ?? "not finished"}; only a Completed or PartiallyFailed backup can be restored.");
            // A new target must really be new: an existing namespace nobody owns (kube-system, say) is off limits.
            if (targetOwner is null && await gateway.GetNamespaceAsync(connections.For(cluster), target, ct) is not null)
                return Error.Validation($"Namespace {target} already exists on cluster {cluster.Name} and is not owned by your tenant. Choose a new name, or ask a platform engineer to assign it to your tenant.");
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }

        var request = OperationRequest.ForRestore(ns.TenantId, ns.ClusterId, ns.Namespace,
            new RestoreParameters(cmd.BackupName, target, cmd.ExistingResourcePolicy, cmd.RestoreVolumes, intoExisting),
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
