using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots;

/// <summary>"Snapshot now" of one or more claims, or of every claim <paramref name="Workload"/> mounts (then
/// <paramref name="Claims"/> may be empty).</summary>
public sealed record SnapshotNowCommand(Guid TenantNamespaceId, IReadOnlyList<string> Claims, WorkloadReference? Workload, string? SnapshotClass,
    bool Group, SnapshotConsistency Consistency, string? Reason = null, Guid? DatabaseId = null);

/// <summary>An owner, SRE or DB engineer snapshots claims of a namespace their tenant owns: checked against the cluster now
/// (claims bound, a class for their driver, group snapshots served), again by the executor when it acts.</summary>
public sealed class SnapshotNow(UseCaseServices s, IExecutionSignal signal, ISnapshotClusterGateway gateway, IStorageInventoryGateway storage,
    ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(SnapshotNowCommand cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        using var activity = PortalTelemetry.StartUseCase(nameof(SnapshotNow));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var (ns, cluster) = await SnapshotRequests.FindAsync(db, cmd.TenantNamespaceId, ct);
        if (ns is null || cluster is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.TakeSnapshots, ns.TenantId, ns.ClusterId)) return caller.Refuse($"You may not snapshot the claims of {ns.Namespace}.");
        var claims = (cmd.Claims ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (claims.Count == 0 && cmd.Workload is null) return Error.Validation("Choose the claim or the workload to snapshot.");
        if (SnapshotConsistencyRules.Problem(cmd.Consistency, cmd.Workload, cmd.DatabaseId) is { } consistency)
            return Error.Validation(consistency) with { Field = cmd.Consistency == SnapshotConsistency.DatabaseCheckpoint ? SnapshotCheckpoint.Field : null };
        string? checkpoint = null;
        if (cmd.DatabaseId is { } databaseId)
        {
            var (database, problem) = await SnapshotCheckpoint.FindAsync(db, ns.TenantId, ns.ClusterId, ns.Namespace, databaseId, ct);
            if (problem is not null) return Error.Validation(problem) with { Field = SnapshotCheckpoint.Field };
            checkpoint = $", after {database!.Engine.Statement()} on {database.Name}";
        }

        var p = new VolumeSnapshotParameters(claims, cmd.Workload, string.IsNullOrWhiteSpace(cmd.SnapshotClass) ? null : cmd.SnapshotClass.Trim(),
            cmd.Group, cmd.Consistency, cmd.DatabaseId);
        try
        {
            var conn = connections.For(cluster);
            var found = await gateway.ListClaimsAsync(conn, ns.Namespace, ct);
            var classes = await storage.ListSnapshotClassesAsync(conn, ct);
            var (plan, why) = SnapshotPlan.Make(p, "check", ns.Namespace, $"cluster {cluster.Name}", found, classes);
            if (why is not null) return Error.Validation(why);
            if (cmd.Group && plan.Count < 2) return Error.Validation("A group snapshot is one consistent point across several claims: choose at least two.");
            if (cmd.Group && !await gateway.GroupSnapshotsServedAsync(conn, ct))
                return Error.Validation($"Cluster {cluster.Name} does not serve VolumeGroupSnapshots, so the claims can only be snapshotted one by one.");
        }
        catch (ClusterAccessException ex)
        {
            return SnapshotRequests.Unavailable(ex, cluster);
        }

        var what = cmd.Workload is { } w ? $"the claims of {w}" : $"claim{(claims.Count == 1 ? "" : "s")} {string.Join(", ", claims)}";
        return await SnapshotRequests.SubmitAsync(db, caller, s, signal, RequestKind.VolumeSnapshot, ns, p, cmd.Reason ?? $"Snapshot now of {what}",
            "snapshot.requested", $"Snapshot of {what} in {ns.Namespace}{checkpoint} requested", ct);
    }
}
