using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots;

public sealed record ListSnapshotsQuery(Guid TenantNamespaceId, int Page = 0, int PageSize = 25);

/// <summary>One VolumeSnapshot as the list shows it: ready, restore size, age, class, deletion policy, and the errors of the
/// snapshot and its content in words (where storage administrators debug).</summary>
public sealed record SnapshotRow(string Name, string? Claim, bool Ready, string? RestoreSize, DateTimeOffset CreatedAt, string? SnapshotClass,
    string? DeletionPolicy, string? Driver, string? Error, string? ContentName, string? ContentError, string? GroupName, bool MadeByPortal,
    Guid? ScheduleId);

/// <summary>The namespace's snapshots (a page), and what "snapshot now" can offer: its claims, the workloads mounting them,
/// the snapshot classes, whether group snapshots are served. <paramref name="Unavailable"/>: the cluster did not answer.
/// <paramref name="NewestReady"/>: the newest snapshot ready to use, whatever the page (the namespace's recovery points).</summary>
public sealed record SnapshotListView(Guid TenantNamespaceId, string Namespace, Guid ClusterId, string ClusterName, Page<SnapshotRow> Snapshots,
    IReadOnlyList<SnapshotClaimInfo> Claims, IReadOnlyList<WorkloadReference> Workloads, IReadOnlyList<SnapshotClassInfo> Classes, bool GroupSnapshotsServed,
    bool CanTake, string? Unavailable, SnapshotRow? NewestReady = null)
{
    /// <summary>The namespace's registered databases (for a checkpoint before the snapshot), read when the caller may take snapshots.</summary>
    public IReadOnlyList<SnapshotDatabase> Databases { get; init; } = [];
}

/// <summary>Lists a namespace's snapshots for whoever may see the namespace (its tenant's people; storage administrators of its
/// cluster); taking and deleting need <see cref="Permission.TakeSnapshots"/>.</summary>
public sealed class ListSnapshots(UseCaseServices s, ISnapshotClusterGateway gateway, IStorageInventoryGateway storage, ClusterConnections connections)
    : IUseCase
{
    public const int MaxPageSize = 200;

    public async Task<Result<SnapshotListView>> HandleAsync(ListSnapshotsQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(q);
        using var activity = PortalTelemetry.StartUseCase(nameof(ListSnapshots));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var (ns, cluster) = await SnapshotRequests.FindAsync(db, q.TenantNamespaceId, ct);
        if (ns is null || cluster is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId) && !caller.Can(Permission.ViewStorage, null, ns.ClusterId))
            return caller.Refuse($"You may not see the snapshots of {ns.Namespace}.");
        if (q.PageSize is < 1 or > MaxPageSize) return Error.Validation($"Ask for 1 to {MaxPageSize} snapshots a page.");
        if (q.Page < 0) return Error.Validation("Pages are counted from 0.");
        var canTake = caller.Can(Permission.TakeSnapshots, ns.TenantId, ns.ClusterId);
        var databases = canTake ? await SnapshotCheckpoint.ListAsync(db, ns.TenantId, ns.ClusterId, ns.Namespace, ct) : [];
        try
        {
            var conn = connections.For(cluster);
            var all = await gateway.ListSnapshotsAsync(conn, ns.Namespace, ct);
            var claims = await gateway.ListClaimsAsync(conn, ns.Namespace, ct);
            var classes = await storage.ListSnapshotClassesAsync(conn, ct);
            var group = await gateway.GroupSnapshotsServedAsync(conn, ct);
            var rows = all.Skip(q.Page * q.PageSize).Take(q.PageSize).Select(Row).ToList();
            var workloads = claims.SelectMany(c => c.UsedBy).Distinct().OrderBy(w => w.ToString(), StringComparer.Ordinal).ToList();
            var newestReady = all.Where(v => v.ReadyToUse).MaxBy(v => v.CreationTime ?? v.CreatedAt);
            return new SnapshotListView(ns.Id, ns.Namespace, cluster.Id, cluster.Name, new Page<SnapshotRow>(rows, all.Count), claims, workloads, classes, group,
                canTake, null, newestReady is null ? null : Row(newestReady)) { Databases = databases };
        }
        catch (ClusterAccessException ex)
        {
            return new SnapshotListView(ns.Id, ns.Namespace, cluster.Id, cluster.Name, new Page<SnapshotRow>([], 0), [], [], [], false, canTake,
                ClusterConnections.Explain(ex, cluster.Name)) { Databases = databases };
        }
    }

    internal static SnapshotRow Row(VolumeSnapshotInfo v) => new(v.Name, v.ClaimName, v.ReadyToUse, v.RestoreSize, v.CreatedAt, v.SnapshotClass,
        v.DeletionPolicy, v.Driver, v.Error, v.ContentName, v.ContentError, v.GroupName,
        v.Labels.GetValueOrDefault(Domain.Common.PortalLabels.ManagedBy) == Domain.Common.PortalLabels.ManagedByValue,
        Guid.TryParseExact(v.Labels.GetValueOrDefault(Domain.Common.PortalLabels.SnapshotScheduleId), "N", out var id) ? id : null);
}
