using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots;

/// <summary>Delete VolumeSnapshot <paramref name="SnapshotName"/> of the namespace; <paramref name="ConfirmName"/> is the name
/// typed again by the user.</summary>
public sealed record DeleteSnapshotCommand(Guid TenantNamespaceId, string SnapshotName, string ConfirmName, string? Reason = null);

/// <summary>Asks for a snapshot's deletion (a request, approved by policy): only a snapshot of the namespace itself, confirmed
/// by its name typed again.</summary>
public sealed class DeleteSnapshot(UseCaseServices s, IExecutionSignal signal, ISnapshotClusterGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(DeleteSnapshotCommand cmd, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        using var activity = PortalTelemetry.StartUseCase(nameof(DeleteSnapshot));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var (ns, cluster) = await SnapshotRequests.FindAsync(db, cmd.TenantNamespaceId, ct);
        if (ns is null || cluster is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.TakeSnapshots, ns.TenantId, ns.ClusterId)) return caller.Refuse($"You may not delete snapshots of {ns.Namespace}.");
        var name = (cmd.SnapshotName ?? "").Trim();
        if (name.Length == 0) return Error.Validation("Choose the snapshot to delete.");
        if (!string.Equals((cmd.ConfirmName ?? "").Trim(), name, StringComparison.Ordinal))
            return Error.Validation($"Type the snapshot's name, {name}, to confirm its deletion.");
        try
        {
            if (await gateway.GetSnapshotAsync(connections.For(cluster), ns.Namespace, name, ct) is null)
                return Error.Validation($"VolumeSnapshot {name} is not in namespace {ns.Namespace} on cluster {cluster.Name}.");
        }
        catch (ClusterAccessException ex)
        {
            return SnapshotRequests.Unavailable(ex, cluster);
        }

        return await SnapshotRequests.SubmitAsync(db, caller, s, signal, RequestKind.SnapshotDeletion, ns, new SnapshotDeletionParameters(name),
            cmd.Reason ?? $"Delete snapshot {name}", "snapshot.deletion-requested", $"Deletion of snapshot {name} in {ns.Namespace} requested", ct);
    }
}
