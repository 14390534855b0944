using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Storage;

/// <summary>
/// What a caller with <see cref="Permission.ViewStorage"/> sees of a cluster's storage. Over the whole cluster (an estate or
/// cluster grant): its classes and every claim. Through a tenant grant only: the classes of clusters where the tenant has
/// namespaces, and only the claims of the tenant's namespaces, never another tenant's or the cluster's own.
/// </summary>
internal sealed class StorageScope
{
    private readonly AccessContext _caller;
    private readonly Dictionary<string, Guid> _owners;
    private readonly Dictionary<Guid, string> _names;

    private StorageScope(AccessContext caller, Cluster cluster, Dictionary<string, Guid> owners, Dictionary<Guid, string> names)
    {
        _caller = caller;
        Cluster = cluster;
        _owners = owners;
        _names = names;
        WholeCluster = caller.Can(Permission.ViewStorage, null, cluster.Id);
    }

    public Cluster Cluster { get; }

    /// <summary>The caller sees every claim of the cluster (not only its tenants').</summary>
    public bool WholeCluster { get; }

    /// <summary>The clusters whose storage the caller may see (one, or every one in scope when <paramref name="clusterId"/> is null).</summary>
    public static async Task<List<Cluster>> ClustersAsync(AccessContext caller, IPortalDbContext db, Guid? clusterId, CancellationToken ct)
    {
        var clusters = await db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null && (clusterId == null || c.Id == clusterId))
            .OrderBy(c => c.Name).ToListAsync(ct);
        // namespaces the filter lets through: the caller's tenants', and every one on the caller's clusters
        var tenantsOn = await db.TenantNamespaces.AsNoTracking().Select(n => new { n.ClusterId, n.TenantId }).Distinct().ToListAsync(ct);
        return clusters.Where(c => caller.Can(Permission.ViewStorage, null, c.Id)
            || tenantsOn.Any(n => n.ClusterId == c.Id && caller.Can(Permission.ViewStorage, n.TenantId, c.Id))).ToList();
    }

    public static async Task<StorageScope> ForAsync(AccessContext caller, IPortalDbContext db, Cluster cluster, CancellationToken ct)
    {
        var owners = await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == cluster.Id)
            .Select(n => new { n.Namespace, n.TenantId }).ToListAsync(ct);
        var map = owners.GroupBy(o => o.Namespace, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().TenantId, StringComparer.Ordinal);
        var names = await TenantNames.ForAsync(db, map.Values, ct);
        return new StorageScope(caller, cluster, map, names);
    }

    /// <summary>The tenant owning <paramref name="namespace"/> on this cluster (null: none).</summary>
    public (Guid? Id, string? Name) OwnerOf(string @namespace) =>
        _owners.TryGetValue(@namespace, out var id) ? (id, _names.GetValueOrDefault(id, "(removed tenant)")) : (null, null);

    public bool Sees(StorageClaimInfo claim) =>
        WholeCluster || (OwnerOf(claim.Namespace).Id is { } tenant && _caller.Can(Permission.ViewStorage, tenant, Cluster.Id));
}
