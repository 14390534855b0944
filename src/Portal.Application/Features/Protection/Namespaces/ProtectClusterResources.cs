using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record ProtectClusterResourcesCommand(Guid ClusterId, Guid PolicyId, string? Reason = null);

/// <summary>A platform engineer protects a cluster's cluster-scoped resources (CRDs, StorageClasses, ClusterRoles, ...)
/// with a policy made for them. The request belongs to no tenant (<see cref="Guid.Empty"/>) and is about the cluster's
/// Velero namespace; another platform engineer over the cluster approves it (<see cref="Requests.ApprovalRules"/>).</summary>
public sealed class ProtectClusterResources(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(ProtectClusterResourcesCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cmd.ClusterId, ct);
        if (cluster is null || !caller.Can(Permission.ViewClusters, null, cluster.Id)) return Error.NotFound("The cluster");
        if (!caller.Can(Permission.ManagePolicies, null, cluster.Id)) return caller.Refuse("Only a platform engineer can protect a cluster's resources.");
        if (cluster.IsRetired) return Error.Validation($"Cluster {cluster.Name} is retired.");
        var policy = await db.ProtectionPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == cmd.PolicyId, ct);
        if (policy is null) return Error.Validation("Choose a policy.");
        if (policy.Target != ProtectionTarget.ClusterResources)
            return Error.Validation($"Policy {policy.Name} protects namespaces; choose a policy made for cluster resources.");
        if (policy.IsRetired) return Error.Validation($"Policy {policy.Name} is retired; choose another.");
        if (await db.NamespaceProtections.AsNoTracking().AnyAsync(p => p.ClusterId == cluster.Id && p.Target == ProtectionTarget.ClusterResources
                && p.State != ProtectionState.Removed, ct))
            return Error.Conflict($"The resources of {cluster.Name} are already protected.");
        var veleroNamespace = ClusterConnections.VeleroNamespaceOf(cluster);
        if (await ProtectionRequests.RefuseWhileChangeOpenAsync(db, cluster.Id, veleroNamespace, ct) is { } open) return open;

        return await ProtectionRequests.SubmitAsync(db, caller, s, signal, RequestKind.ProtectionChange, Guid.Empty, cluster.Id, veleroNamespace,
            new ProtectionChangeParameters(ProtectionChangeKind.Protect, null, policy.Id, policy.Name, ClusterResources: true),
            cmd.Reason ?? $"Protect the cluster resources of {cluster.Name} with {policy.Name}",
            "protection.requested", $"Protection of the cluster resources of {cluster.Name} with {policy.Name} requested", cluster.Id.ToString(), ct);
    }
}
