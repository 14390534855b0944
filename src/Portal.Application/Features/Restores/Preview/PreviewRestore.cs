using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Restores.Preview;

/// <param name="Fresh">Read the cluster again instead of reusing the preview computed a moment ago.</param>
/// <param name="TargetClusterId">For a restore to another cluster (the DR cluster): the cluster restored on; null or the
/// namespace's own cluster for a restore on the same cluster.</param>
public sealed record PreviewRestoreQuery(Guid TenantNamespaceId, string BackupName, string TargetNamespace,
    ExistingResourcePolicy Policy, bool RestoreVolumes, PreviewOutcome? Outcome = null, string? Kind = null,
    PageRequest? Page = null, bool Fresh = false, Guid? TargetClusterId = null);

/// <summary>
/// Before a restore is asked for: what restoring the namespace from the backup into the target would do, against the
/// target as it is now. Allowed to whoever may request the restore; the target is checked as the request checks it
/// (another tenant's namespace, or one nobody owns, is never read).
/// </summary>
public sealed class PreviewRestore(UseCaseServices s, RestorePreviewReader reader) : IUseCase
{
    public async Task<Result<RestorePreviewPage>> HandleAsync(PreviewRestoreQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == q.TenantNamespaceId, ct);
        if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RequestRestore, ns.TenantId, ns.ClusterId))
            return caller.Refuse($"You may not request restores of {ns.Namespace}, so you cannot preview one.");
        if (string.IsNullOrWhiteSpace(q.BackupName)) return Error.Validation("Choose the backup to preview.") with { Field = RestoreFields.Backup };
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
        var targetClusterId = q.TargetClusterId ?? ns.ClusterId;
        var crossCluster = targetClusterId != ns.ClusterId;
        var targetCluster = crossCluster ? await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == targetClusterId, ct) : cluster;
        if (targetCluster is null) return Error.NotFound("The target cluster");
        if (crossCluster && !caller.Can(Permission.RequestRestore, ns.TenantId, targetClusterId))
            return caller.Refuse($"You may not request restores on cluster {targetCluster.Name}, so you cannot preview one there.");
        var target = (q.TargetNamespace ?? "").Trim();
        if (TenantNamespaceName.Explain(target, "target namespace", ClusterConnections.VeleroNamespaceOf(targetCluster)) is { } why)
            return Error.Validation(why) with { Field = RestoreFields.TargetNamespace };
        var owner = !crossCluster && target == ns.Namespace ? ns.TenantId : await SubmitRestoreRequest.OwnerOfAsync(s, targetClusterId, target, ct);
        if (owner is not null && owner != ns.TenantId)
            return Error.Validation($"Namespace {target} belongs to another tenant; restore into one of your namespaces or a new one.") with { Field = RestoreFields.TargetNamespace };

        // A target nobody gave the tenant must not exist; the reader checks that before it reads anything in it.
        var wish = new PreviewWish(ns.Namespace, target, q.Policy, q.RestoreVolumes, TargetIsTenants: owner is not null);
        // The form lists the backup from the namespace's cluster; the DR cluster may hold it too once its Velero synced it.
        var read = await reader.ReadAsync(crossCluster ? [cluster, targetCluster] : [cluster], targetCluster, wish, q.BackupName.Trim(), q.Fresh, ct);
        if (!read.IsSuccess) return read.Error!;
        return RestorePreviewReader.Page(read.Value!, q.Outcome, q.Kind, q.Page ?? new PageRequest());
    }
}
