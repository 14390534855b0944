using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Telemetry;
using Portal.Domain.Access;

namespace Portal.Application.Features.Snapshots.Restore;

/// <summary>A CSI snapshot as a recovery point of its namespace, next to its Velero backups and dumps.</summary>
public sealed record SnapshotRecoveryPoint(string Name, DateTimeOffset TakenAt, string? Claim, bool Ready, string? RestoreSize, string? Driver, string? Error)
{
    public const string Kind = "CSI snapshot";
}

/// <summary>The namespace's snapshots as recovery points, newest first; <paramref name="Unavailable"/> says why they could not be read.</summary>
public sealed record SnapshotRecoveryPoints(IReadOnlyList<SnapshotRecoveryPoint> Points, string? Unavailable);

public sealed record ListSnapshotRecoveryPointsQuery(Guid TenantNamespaceId);

public sealed class ListSnapshotRecoveryPoints(UseCaseServices s, ISnapshotClusterGateway snapshots, ClusterConnections connections) : IUseCase
{
    public async Task<Result<SnapshotRecoveryPoints>> HandleAsync(ListSnapshotRecoveryPointsQuery q, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(ListSnapshotRecoveryPoints));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == q.TenantNamespaceId, ct);
        if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
        try
        {
            var found = await snapshots.ListSnapshotsAsync(connections.For(cluster), ns.Namespace, ct);
            return new SnapshotRecoveryPoints(found
                .Select(x => new SnapshotRecoveryPoint(x.Name, x.CreationTime ?? x.CreatedAt, x.ClaimName, x.ReadyToUse, x.RestoreSize, x.Driver, x.ContentError ?? x.Error))
                .OrderByDescending(p => p.TakenAt).ToList(), null);
        }
        catch (ClusterAccessException ex)
        {
            return new SnapshotRecoveryPoints([], ClusterConnections.Explain(ex, cluster.Name));
        }
    }
}
