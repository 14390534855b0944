using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Snapshots;

/// <summary>What the snapshot use cases share: the namespace as the caller may see it, its cluster, and the submission of a
/// snapshot request through the one pipeline (duplicates, approval per tenant and kind, timeline, audit, queue).</summary>
internal static class SnapshotRequests
{
    public static async Task<(TenantNamespace? Namespace, Cluster? Cluster)> FindAsync(IPortalDbContext db, Guid tenantNamespaceId, CancellationToken ct)
    {
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == tenantNamespaceId, ct);
        if (ns is null) return (null, null);
        var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == ns.ClusterId, ct);
        return (ns, cluster);
    }

    public static async Task<Result<Guid>> SubmitAsync<TParameters>(IPortalDbContext db, AccessContext caller, UseCaseServices s, IExecutionSignal signal,
        RequestKind kind, TenantNamespace ns, TParameters parameters, string? reason, string auditAction, string auditSummary, CancellationToken ct)
        where TParameters : class
    {
        OperationRequest request;
        try
        {
            request = OperationRequest.ForSnapshot(kind, ns.TenantId, ns.ClusterId, ns.Namespace, parameters, caller.Principal.UserId,
                caller.Principal.DisplayName, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), s.Now);
        }
        catch (Domain.Common.DomainException ex)
        {
            return Error.Validation(ex.Message);
        }

        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } asked) return asked;
        db.Audit(caller, s.Now, auditAction, "namespace", ns.Id.ToString(), auditSummary, ns.TenantId);
        if (await RequestSubmission.SaveAsync(db, request, s, ct) is { } raced) return raced;
        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return request.Id;
    }

    public static Error Unavailable(ClusterAccessException ex, Cluster cluster) => Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
}
