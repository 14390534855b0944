using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots.Restore;

/// <param name="Confirmation">The claim's name, typed by the user: the rollback replaces its data.</param>
public sealed record RollBackClaimCommand(Guid TenantNamespaceId, string SnapshotName, WorkloadReference Workload, string Confirmation, string? Reason);

/// <summary>Ask for a fast rollback of a claim to one of its snapshots: destructive, so confirmed by typing the claim's name and
/// approved by policy (an SRE by default, never the requester). Checked against the cluster now and again by the executor.</summary>
public sealed class RollBackClaim(UseCaseServices s, IExecutionSignal signal, ISnapshotClusterGateway snapshots,
    IClaimRestoreGateway claims, ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RollBackClaimCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RollBackClaim));
        ArgumentNullException.ThrowIfNull(cmd);
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var (ns, cluster) = await ClaimRestoreRequests.FindAsync(db, caller, cmd.TenantNamespaceId, ct);
        if (ns is null || cluster is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RollBackClaims, ns.TenantId, ns.ClusterId))
            return caller.Refuse($"You may not roll back claims in {ns.Namespace}.");
        if (cmd.Workload is null || cmd.Workload.Kind is not ("Deployment" or "StatefulSet"))
            return Error.Validation("Choose the Deployment or StatefulSet that uses the claim.");

        return await ClaimRestoreRequests.CheckAndSubmitAsync<ClaimRollbackParameters>(db, caller, s, signal, connections, ns, cluster, RequestKind.ClaimRollback,
            async conn =>
            {
                var snapshot = await snapshots.GetSnapshotAsync(conn, ns.Namespace, cmd.SnapshotName?.Trim() ?? "", ct);
                if (snapshot?.ClaimName is not { } claim) return Error.Validation($"Snapshot {cmd.SnapshotName} does not exist in {ns.Namespace}, or was not taken of a claim.");
                if (!string.Equals(cmd.Confirmation?.Trim(), claim, StringComparison.Ordinal))
                    return Error.Validation($"Type the claim's name, {claim}, to confirm that its data is replaced by the snapshot's.");
                var p = new ClaimRollbackParameters(snapshot.Name, claim, cmd.Workload);
                var (problem, _, _) = await ClaimRestoreChecks.RollbackAsync(snapshots, claims, conn, ns.Namespace, p, ct);
                return problem is null ? p : problem.AsError();
            },
            cmd.Reason, "snapshot.rollback-requested", x => $"Rollback of claim {x.ClaimName} to snapshot {x.SnapshotName} in {ns.Namespace} requested", ct);
    }
}
