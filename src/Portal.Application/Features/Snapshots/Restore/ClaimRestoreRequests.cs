using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Snapshots.Restore;

/// <summary>What restoring into a new claim and rolling a claim back share when asked for: the namespace as the caller may see
/// it, the claim checks (<see cref="ClaimRestoreChecks"/>) against the cluster now, a refusal in words next to its field, and
/// the submission through the snapshot requests' one pipeline (<see cref="SnapshotRequests.SubmitAsync{TParameters}"/>).</summary>
internal static class ClaimRestoreRequests
{
    /// <summary>The namespace and its cluster; both null when it does not exist or the caller may not see its tenant.</summary>
    public static async Task<(TenantNamespace? Namespace, Cluster? Cluster)> FindAsync(IPortalDbContext db, AccessContext caller, Guid tenantNamespaceId,
        CancellationToken ct)
    {
        var (ns, cluster) = await SnapshotRequests.FindAsync(db, tenantNamespaceId, ct);
        return ns is null || cluster is null || !caller.Can(Domain.Access.Permission.ViewTenant, ns.TenantId, ns.ClusterId) ? (null, null) : (ns, cluster);
    }

    /// <summary>Runs <paramref name="check"/> against the cluster (the parameters to submit, or a refusal) and submits them; a
    /// cluster that does not answer is said in words and nothing is submitted.</summary>
    public static async Task<Result<Guid>> CheckAndSubmitAsync<TParameters>(IPortalDbContext db, AccessContext caller, UseCaseServices s,
        IExecutionSignal signal, ClusterConnections connections, TenantNamespace ns, Cluster cluster, RequestKind kind,
        Func<ClusterConnection, Task<Result<TParameters>>> check, string? reason, string auditAction, Func<TParameters, string> auditSummary,
        CancellationToken ct)
        where TParameters : class
    {
        Result<TParameters> checkedParameters;
        try
        {
            checkedParameters = await check(connections.For(cluster));
        }
        catch (ClusterAccessException ex)
        {
            return SnapshotRequests.Unavailable(ex, cluster);
        }

        if (!checkedParameters.IsSuccess) return checkedParameters.Error!;
        var p = checkedParameters.Value!;
        return await SnapshotRequests.SubmitAsync(db, caller, s, signal, kind, ns, p, reason, auditAction, auditSummary(p), ct);
    }

    /// <summary>A refusal of the claim checks as the form shows it: next to its field.</summary>
    public static Error AsError(this ClaimRestoreProblem problem) => Error.Validation(problem.Message) with { Field = problem.Field };
}
