using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots.Restore;

/// <param name="Size">The new claim's size; null for the snapshot's restore size.</param>
public sealed record RestoreSnapshotToNewClaimCommand(Guid TenantNamespaceId, string SnapshotName, string NewClaimName, string? Size, string? Reason);

/// <summary>Restore a snapshot into a new claim of its namespace, as a request through the one pipeline (no approval by
/// default: nothing existing is touched). Checked against the cluster now and again by the executor.</summary>
public sealed class RestoreSnapshotToNewClaim(UseCaseServices s, IExecutionSignal signal, ISnapshotClusterGateway snapshots,
    IClaimRestoreGateway claims, ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RestoreSnapshotToNewClaimCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RestoreSnapshotToNewClaim));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var (ns, cluster) = await ClaimRestoreRequests.FindAsync(db, caller, cmd.TenantNamespaceId, ct);
        if (ns is null || cluster is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.TakeSnapshots, ns.TenantId, ns.ClusterId))
            return caller.Refuse($"You may not restore snapshots in {ns.Namespace}.");
        var name = cmd.NewClaimName?.Trim() ?? "";
        if (KubernetesName.ExplainInvalidSubdomain(name, "new claim name") is { } badName) return Error.Validation(badName) with { Field = "name" };
        var size = string.IsNullOrWhiteSpace(cmd.Size) ? null : cmd.Size.Trim();
        if (size is not null && !StorageSize.TryParse(size, out _)) return Error.Validation($"Give a size such as 10Gi or 500Mi (not \"{size}\").") with { Field = "size" };
        var p = new SnapshotRestoreParameters(cmd.SnapshotName?.Trim() ?? "", name, size);

        return await ClaimRestoreRequests.CheckAndSubmitAsync<SnapshotRestoreParameters>(db, caller, s, signal, connections, ns, cluster, RequestKind.SnapshotRestore,
            async conn =>
            {
                var (problem, _) = await ClaimRestoreChecks.RestoreAsync(snapshots, claims, conn, ns.Namespace, p, ct);
                return problem is null ? p : problem.AsError();
            },
            cmd.Reason, "snapshot.restore-requested", x => $"Restore of snapshot {x.SnapshotName} into new claim {x.NewClaimName} in {ns.Namespace} requested", ct);
    }
}
