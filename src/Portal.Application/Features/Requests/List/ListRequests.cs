using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Details;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.List;

public sealed record ListRequestsQuery(PageRequest Page, RequestStatus? Status = null, RequestKind? Kind = null,
    Guid? ClusterId = null, string? Search = null, bool MineOnly = false, Guid? DatabaseId = null)
{
    /// <summary>Keyset paging (the API's cursor): the page starts after this position instead of at <see cref="PageRequest.Skip"/>.</summary>
    public RequestCursor? After { get; init; }
}

/// <summary>A position in the newest-first list: the creation time of the last row seen and how many rows of that very time
/// were seen already (ties are ordered by id). Rows asked for later do not shift the pages.</summary>
public sealed record RequestCursor(DateTimeOffset CreatedAt, int SeenAtThatTime);

/// <summary>Requests the caller may see, newest first, paged in the database: by offset (the pages' pager, read along the
/// creation-time index) or after a cursor (the API). The count stops at <see cref="Paging.CountLimit"/> ("more than 10,000").</summary>
public sealed class ListRequests(UseCaseServices s) : IUseCase
{
    public async Task<Result<Page<RequestSummary>>> HandleAsync(ListRequestsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanAnywhere(Permission.ViewTenant)) return caller.Refuse();
        await using var db = await s.OpenAsync(caller, ct);

        var rows = db.Requests.AsNoTracking();
        if (q.Status is { } status) rows = rows.Where(r => r.Status == status);
        if (q.Kind is { } kind) rows = rows.Where(r => r.Kind == kind);
        if (q.ClusterId is { } clusterId) rows = rows.Where(r => r.ClusterId == clusterId);
        if (q.DatabaseId is { } databaseId) rows = rows.Where(r => r.DatabaseId == databaseId);
        if (q.MineOnly) rows = rows.Where(r => r.RequestedById == caller.Principal.UserId);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var term = q.Search.Trim().ToLowerInvariant();
            rows = rows.Where(r => r.Namespace.Contains(term) || r.RequestedByName.ToLower().Contains(term));
        }

        var skip = q.Page.Skip;
        var (total, capped) = await Paging.CountUpToAsync(rows, skip, q.Page.Take, ct);
        if (q.After is { } after)
        {
            rows = rows.Where(r => r.CreatedAt <= after.CreatedAt);
            skip = after.SeenAtThatTime;
        }
        var page = await (
            from r in rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Skip(skip).Take(q.Page.Take)
            join c in db.Clusters on r.ClusterId equals c.Id
            select new { r, ClusterName = c.Name }).ToListAsync(ct);
        var tenants = await TenantNames.ForAsync(db, page.Select(x => x.r.TenantId), ct);
        var facts = await DatabaseRequestFactsReader.ReadAsync(db, page.Select(x => x.r).ToList(), withDumps: false, ct);
        var sources = await SourceClustersAsync(db, page.Select(x => x.r), ct);
        var items = page.Select(x =>
        {
            var summary = ToSummary(x.r, tenants.GetValueOrDefault(x.r.TenantId, "?"), x.ClusterName, sources);
            return summary with { About = facts.GetValueOrDefault(x.r.Id)?.About ?? summary.About };
        }).ToList();
        return new Page<RequestSummary>(items, total) { IsCountCapped = capped };
    }

    internal static RequestSummary ToSummary(OperationRequest r, string tenantName, string clusterName, IReadOnlyDictionary<Guid, string>? sourceClusters = null) =>
        new(r.Id, r.Reference, r.Kind, r.Status, tenantName, clusterName, r.Namespace, r.TargetNamespace, r.RequestedByName,
            r.CreatedAt, r.UpdatedAt, r.Phase, r.ItemsTotal, r.ItemsDone, r.FailureReason, r.Reason,
            IntoExistingNamespace: r.Kind == RequestKind.NamespaceRestore && (r.TargetNamespace != r.Namespace || r.RestoreParameters.IsCrossCluster)
                && r.RestoreParameters.IntoExistingNamespace,
            SourceClusterName: SourceClusterOf(r) is { } source ? sourceClusters?.GetValueOrDefault(source) ?? "another cluster" : null)
        {
            About = RestoreAbout(r, clusterName, SourceClusterOf(r) is { } from ? sourceClusters?.GetValueOrDefault(from) ?? "another cluster" : null),
        };

    /// <summary>A restore to another cluster, or one GitOps deploys into, in one sentence for lists and the approver: both
    /// clusters and what is frozen. Null for other restores (and other kinds).</summary>
    private static string? RestoreAbout(OperationRequest r, string clusterName, string? sourceCluster)
    {
        if (r.Kind != RequestKind.NamespaceRestore) return null;
        var p = r.RestoreParameters;
        if (sourceCluster is null && p.GitOps is not { Count: > 0 }) return null;
        var where = sourceCluster is null ? "" : $"Backup {p.BackupName} of {r.Namespace} taken on {sourceCluster}, restored on {clusterName} into {p.TargetNamespace}. ";
        var gitOps = p.GitOps is { Count: > 0 } g
            ? $"GitOps frozen during the restore: {string.Join(", ", g)}{(p.KeepGitOpsFrozen ? ", and kept frozen afterwards as asked" : ", then put back as it was")}."
            : "";
        return (where + gitOps).Trim();
    }

    /// <summary>The cluster a restore to another cluster takes its backup from; null for everything else.</summary>
    internal static Guid? SourceClusterOf(OperationRequest r) => r.Kind == RequestKind.NamespaceRestore ? r.RestoreParameters.SourceClusterId : null;

    /// <summary>The names of the clusters the restores among <paramref name="requests"/> take their backups from.</summary>
    internal static async Task<IReadOnlyDictionary<Guid, string>> SourceClustersAsync(IPortalDbContext db, IEnumerable<OperationRequest> requests, CancellationToken ct)
    {
        var ids = requests.Select(SourceClusterOf).OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<Guid, string>();
        return await db.Clusters.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }
}
