using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Restores.Preview;

public sealed record PreviewRestoreRequestQuery(Guid RequestId, PreviewOutcome? Outcome = null, string? Kind = null,
    PageRequest? Page = null, bool Fresh = false);

/// <summary>
/// The preview of a restore that was asked for, against the target as it is NOW: what the approver sees before
/// deciding, and what the request's page shows. Allowed to whoever may request restores in the request's tenant and
/// to whoever may decide on it; another tenant's request does not exist for the caller.
/// </summary>
public sealed class PreviewRestoreRequest(UseCaseServices s, RestorePreviewReader reader) : IUseCase
{
    public async Task<Result<RestorePreviewPage>> HandleAsync(PreviewRestoreRequestQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var r = await db.Requests.AsNoTracking().FirstOrDefaultAsync(x => x.Id == q.RequestId, ct);
        if (r is null || r.Kind != RequestKind.NamespaceRestore || !caller.Can(Permission.ViewTenant, r.TenantId, r.ClusterId))
            return Error.NotFound("The restore request");
        var (_, approver) = await ApprovalRules.ResolveAsync(db, r.TenantId, r.Kind, ct);
        if (!caller.Can(Permission.RequestRestore, r.TenantId, r.ClusterId) && !ApprovalRules.CanDecide(caller, r, approver))
            return caller.Refuse("Only who may request restores here, or decide on this request, sees its preview.");

        var p = r.RestoreParameters;
        // A restore to another cluster: the namespace of the same name there is not the backed-up one, so whose it is is looked up.
        var owner = !p.IsCrossCluster && p.TargetNamespace == r.Namespace ? r.TenantId : await SubmitRestoreRequest.OwnerOfAsync(s, r.ClusterId, p.TargetNamespace, ct);
        if (owner is not null && owner != r.TenantId)
            return Error.Conflict($"Namespace {p.TargetNamespace} belongs to another tenant now; this restore would be refused.");
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == r.ClusterId, ct);
        var wish = new PreviewWish(r.Namespace, p.TargetNamespace, p.ExistingResourcePolicy, p.RestoreVolumes, TargetIsTenants: owner is not null);
        // A restore to another cluster reads the backup there once its Velero synced it, else where it was taken (if that answers).
        var source = p.SourceClusterId is { } sourceId ? await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == sourceId, ct) : null;
        var read = await reader.ReadAsync(source is null ? [cluster] : [cluster, source], cluster, wish, p.BackupName, q.Fresh, ct);
        if (!read.IsSuccess) return read.Error!;
        return RestorePreviewReader.Page(read.Value!, q.Outcome, q.Kind, q.Page ?? new PageRequest());
    }
}
