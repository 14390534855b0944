using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots.Restore;

/// <summary>A snapshot's page: the snapshot as the cluster has it, the claim it was taken of (null when gone), the workloads
/// mounting that claim (what a rollback scales down), what the caller may do with it, and, when the cluster cannot be read,
/// why.</summary>
public sealed record SnapshotRestoreView(Guid TenantNamespaceId, string Namespace, string ClusterName, string SnapshotName,
    VolumeSnapshotInfo? Snapshot, ClaimDetail? Claim, IReadOnlyList<WorkloadReference> UsedBy, bool CanRestore, bool CanRollBack, string? Unavailable);

public sealed record GetSnapshotRestoreViewQuery(Guid TenantNamespaceId, string SnapshotName);

public sealed class GetSnapshotRestoreView(UseCaseServices s, ISnapshotClusterGateway snapshots, IClaimRestoreGateway claims,
    ClusterConnections connections) : IUseCase
{
    public async Task<Result<SnapshotRestoreView>> HandleAsync(GetSnapshotRestoreViewQuery q, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(GetSnapshotRestoreView));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var (ns, cluster) = await ClaimRestoreRequests.FindAsync(db, caller, q.TenantNamespaceId, ct);
        if (ns is null || cluster is null) return Error.NotFound("The namespace");
        var canRestore = caller.Can(Permission.TakeSnapshots, ns.TenantId, ns.ClusterId);
        var canRollBack = caller.Can(Permission.RollBackClaims, ns.TenantId, ns.ClusterId);
        try
        {
            var conn = connections.For(cluster);
            var snapshot = await snapshots.GetSnapshotAsync(conn, ns.Namespace, q.SnapshotName, ct);
            var claim = snapshot?.ClaimName is { } c ? await claims.GetClaimAsync(conn, ns.Namespace, c, ct) : null;
            var usedBy = claim is null ? []
                : (await snapshots.ListClaimsAsync(conn, ns.Namespace, ct)).FirstOrDefault(x => x.Name == claim.Name)?.UsedBy ?? [];
            return new SnapshotRestoreView(ns.Id, ns.Namespace, cluster.Name, q.SnapshotName, snapshot, claim, usedBy, canRestore, canRollBack, null);
        }
        catch (ClusterAccessException ex)
        {
            return new SnapshotRestoreView(ns.Id, ns.Namespace, cluster.Name, q.SnapshotName, null, null, [], canRestore, canRollBack,
                ClusterConnections.Explain(ex, cluster.Name));
        }
    }
}
