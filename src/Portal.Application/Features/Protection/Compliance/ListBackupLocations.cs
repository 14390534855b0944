using Portal.Application.Abstractions;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Compliance;

public sealed record ListBackupLocationsQuery(Guid? ClusterId = null);

/// <param name="LastValidated">When Velero last validated it; null when unknown (a snapshot location, discovery).</param>
/// <param name="UnavailableSince">Since when the follower has seen it Unavailable.</param>
public sealed record BackupLocationView(LocationKind Kind, string Name, string? Provider, string? Phase, bool IsDefault,
    DateTimeOffset? LastValidated, string? Message, DateTimeOffset? UnavailableSince, DateTimeOffset? ObservedAt)
{
    public bool IsUnavailable => Phase == "Unavailable";
}

/// <param name="FromDiscovery">The follower has not written this cluster's locations yet: these are what the last
/// discovery found (<paramref name="DiscoveredAt"/>), backup storage locations only.</param>
public sealed record ClusterLocationsView(Guid ClusterId, string ClusterName, IReadOnlyList<BackupLocationView> Locations, bool FromDiscovery,
    DateTimeOffset? DiscoveredAt);

/// <summary>The backup storage and volume snapshot locations of each cluster the caller works on (as
/// <c>ListClusters</c> decides: estate scopes every cluster; others the clusters they are bound to or their tenants own
/// namespaces on), with phase, last validation and message, from the database only.</summary>
public sealed class ListBackupLocations(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<ClusterLocationsView>>> HandleAsync(ListBackupLocationsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanAnywhere(Permission.ViewClusters)) return caller.Refuse();
        await using var db = await s.OpenAsync(caller, ct);
        var scope = caller.Scope;
        var visible = scope.All ? null
            : (await db.TenantNamespaces.AsNoTracking().Select(n => n.ClusterId).Distinct().ToListAsync(ct)).Concat(scope.ClusterIds).ToHashSet();
        var clusters = db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null);
        if (q.ClusterId is { } only) clusters = clusters.Where(c => c.Id == only);
        var list = (await clusters.OrderBy(c => c.Name).ToListAsync(ct)).Where(c => visible is null || visible.Contains(c.Id)).ToList();
        if (list.Count == 0 && q.ClusterId is not null) return Error.NotFound("The cluster");
        var ids = list.Select(c => c.Id).ToList();
        var observed = (await db.ObservedLocations.AsNoTracking().Where(l => ids.Contains(l.ClusterId)).ToListAsync(ct)).ToLookup(l => l.ClusterId);
        return list.Select(c =>
        {
            var mine = observed[c.Id].ToList();
            if (mine.Count == 0)
                return new ClusterLocationsView(c.Id, c.Name, c.Capabilities.BackupStorageLocations
                    .Select(b => new BackupLocationView(LocationKind.BackupStorage, b.Name, null, b.Phase, b.IsDefault, null, b.Message, null,
                        c.Capabilities.DiscoveredAt)).ToList(), true, c.Capabilities.DiscoveredAt);
            return new ClusterLocationsView(c.Id, c.Name, mine.OrderBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.Ordinal)
                .Select(l => new BackupLocationView(l.Kind, l.Name, l.Provider, l.Phase, l.IsDefault, l.LastValidated, l.Message, l.UnavailableSince,
                    l.ObservedAt)).ToList(), false, null);
        }).ToList();
    }
}
