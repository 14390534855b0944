using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Status;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Compliance;

/// <param name="ClusterResourcesOnly">List only the clusters' own resources (a cluster's page); the counts stay those of everything.</param>
/// <param name="NamespaceId">Only this namespace (a <c>TenantNamespace</c> id: the API's one namespace's status); no row when the caller may not see it.</param>
public sealed record GetComplianceOverviewQuery(PageRequest Page, Guid? ClusterId = null, Guid? TenantId = null, Guid? PolicyId = null,
    ComplianceStatusFilter Status = ComplianceStatusFilter.All, bool ClusterResourcesOnly = false, Guid? NamespaceId = null);

/// <summary>
/// The compliance view: every namespace the caller may see (a platform engineer: every cluster and tenant, and the
/// clusters' own resources; an SRE or owner: their tenants'), its status worked out now from the database (no cluster
/// call), counted by status in one pass and listed At risk first, then Unprotected, then Protected, by cluster and
/// namespace, one page at a time, with who can fix each and where.
/// </summary>
public sealed class GetComplianceOverview(UseCaseServices s, NamespaceStatusReader reader) : IUseCase
{
    public async Task<Result<ComplianceOverview>> HandleAsync(GetComplianceOverviewQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!ComplianceScope.MayOpen(caller)) return caller.Refuse();
        await using var db = await s.OpenAsync(caller, ct);

        var filter = new NamespaceStatusFilter(q.ClusterId, q.TenantId, q.PolicyId, q.NamespaceId is { } one ? [one] : null,
            WithClusterResources: ComplianceScope.SeesClusterResources(caller));
        var all = (await reader.ReadAsync(db, filter, s.Now, ct)).Where(r => ComplianceScope.MaySee(caller, r)).ToList();
        var clusters = await db.Clusters.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        int ok = 0, risk = 0, none = 0, below = 0;
        foreach (var r in all)
        {
            switch (r.Verdict.Status)
            {
                case ProtectionStatus.Protected: ok++; break;
                case ProtectionStatus.AtRisk: risk++; break;
                default: none++; break;
            }
            if (r.BelowMinimum is not null) below++;
        }

        var listed = all.Where(r => Matches(q.Status, r) && (!q.ClusterResourcesOnly || r.Target == ProtectionTarget.ClusterResources))
            .OrderBy(r => Rank(r.Verdict.Status))
            .ThenBy(r => clusters.GetValueOrDefault(r.ClusterId, ""), StringComparer.Ordinal)
            .ThenBy(r => r.Namespace, StringComparer.Ordinal)
            .ToList();
        var page = listed.Skip(q.Page.Skip).Take(q.Page.Take).ToList();
        var tenants = await TenantNames.ForAsync(db, page.Where(r => r.TenantId != Guid.Empty).Select(r => r.TenantId), ct);
        var fixers = await WhoCanFix.ForAsync(caller, db, page, ct);
        var rows = page.Select(r => ToRow(r, clusters.GetValueOrDefault(r.ClusterId, "?"), tenants.GetValueOrDefault(r.TenantId), fixers, s.Now)).ToList();

        var (clusterOptions, tenantOptions, policyOptions) = q.ClusterId is null && q.TenantId is null && q.PolicyId is null
            ? await OptionsAsync(db, all, clusters, ct)
            : await OptionsAsync(db, caller, clusters, ct);
        return new ComplianceOverview(new ComplianceCounts(all.Count, ok, risk, none, below), new Page<ComplianceRow>(rows, listed.Count),
            clusterOptions, tenantOptions, policyOptions);
    }

    private static int Rank(ProtectionStatus status) => status switch
    {
        ProtectionStatus.AtRisk => 0,
        ProtectionStatus.Unprotected => 1,
        _ => 2,
    };

    private static bool Matches(ComplianceStatusFilter f, NamespaceStatus r) => f switch
    {
        ComplianceStatusFilter.NeedsAttention => r.Verdict.Status != ProtectionStatus.Protected || r.BelowMinimum is not null,
        ComplianceStatusFilter.AtRisk => r.Verdict.Status == ProtectionStatus.AtRisk,
        ComplianceStatusFilter.Unprotected => r.Verdict.Status == ProtectionStatus.Unprotected,
        ComplianceStatusFilter.Protected => r.Verdict.Status == ProtectionStatus.Protected,
        ComplianceStatusFilter.BelowMinimum => r.BelowMinimum is not null,
        _ => true,
    };

    private static ComplianceRow ToRow(NamespaceStatus r, string clusterName, string? tenantName, WhoCanFix fixers, DateTimeOffset now)
    {
        var policyId = r.Policy?.Id ?? r.Protection?.PolicyId;
        return new ComplianceRow(r.NamespaceId, r.ClusterId, clusterName, r.Namespace, r.TenantId, tenantName, policyId,
            r.Policy?.Name ?? r.Protection?.PolicyName, r.Verdict.Status, r.Verdict.Reason, r.BelowMinimum, r.Verdict.Age, r.Verdict.TargetRpo,
            fixers.For(r, tenantName),
            new ComplianceLinks(r.NamespaceId is { } id ? ProtectionLinks.Namespace(id) : null,
                policyId is { } p ? ProtectionLinks.Policy(p) : null,
                ProtectionLinks.Cluster(r.ClusterId),
                r.Protection?.LastRequestId is { } request ? ProtectionLinks.Request(request) : null), r.LastDrill, r.Verdict.Point,
            ComplianceSnapshotPoint.Of(r.Policy, r.Facts, now),
            r.Facts?.LastGoodBackup is { } good ? new ComplianceLastGoodBackup(good, r.Facts.LastGoodAt, r.Facts.FailedRunsInRow > 0 ? r.Facts.FailureSummary : null) : null);
    }

    /// <summary>What the filters may be set to, from the unfiltered rows already read and checked (no second pass).</summary>
    private static async Task<(List<ComplianceOption>, List<ComplianceOption>, List<ComplianceOption>)> OptionsAsync(IPortalDbContext db,
        List<NamespaceStatus> all, Dictionary<Guid, string> clusterNames, CancellationToken ct)
    {
        var tenantIds = all.Where(r => r.TenantId != Guid.Empty).Select(r => r.TenantId).ToHashSet();
        var granted = await db.ProtectionPolicyGrants.AsNoTracking().Select(g => new { g.TenantId, g.PolicyId }).ToListAsync(ct);
        var policyIds = all.Where(r => r.Protection is not null).Select(r => r.Protection!.PolicyId)
            .Concat(granted.Where(g => tenantIds.Contains(g.TenantId)).Select(g => g.PolicyId)).ToHashSet();
        var names = await db.ProtectionPolicies.AsNoTracking().Where(p => policyIds.Contains(p.Id)).Select(p => new ComplianceOption(p.Id, p.Name)).ToListAsync(ct);
        var tenants = await TenantNames.ForAsync(db, tenantIds, ct);
        return (
            all.Select(r => r.ClusterId).Distinct().Select(id => new ComplianceOption(id, clusterNames.GetValueOrDefault(id, "?")))
                .OrderBy(o => o.Name, StringComparer.Ordinal).ToList(),
            tenants.Select(t => new ComplianceOption(t.Key, t.Value)).OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            names.OrderBy(o => o.Name, StringComparer.Ordinal).ToList());
    }

    /// <summary>What the filters may be set to: the clusters and tenants of namespaces the caller may see, and the
    /// policies those namespaces are on or their tenants may use (one small query each).</summary>
    private static async Task<(List<ComplianceOption>, List<ComplianceOption>, List<ComplianceOption>)> OptionsAsync(IPortalDbContext db,
        Security.AccessContext caller, Dictionary<Guid, string> clusterNames, CancellationToken ct)
    {
        var pairs = (await db.TenantNamespaces.AsNoTracking().Select(n => new { n.TenantId, n.ClusterId }).Distinct().ToListAsync(ct))
            .Where(p => caller.Can(Domain.Access.Permission.ViewTenant, p.TenantId, p.ClusterId)).ToList();
        var used = (await db.NamespaceProtections.AsNoTracking().Where(p => p.State != ProtectionState.Removed)
                .Select(p => new { p.PolicyId, p.TenantId, p.ClusterId }).Distinct().ToListAsync(ct))
            .Where(p => ComplianceScope.MaySeeDay(caller, p.TenantId, p.ClusterId)).ToList();
        var tenantIds = pairs.Select(p => p.TenantId).ToHashSet();
        var granted = await db.ProtectionPolicyGrants.AsNoTracking().Select(g => new { g.TenantId, g.PolicyId }).ToListAsync(ct);
        var policyIds = used.Select(p => p.PolicyId).Concat(granted.Where(g => tenantIds.Contains(g.TenantId)).Select(g => g.PolicyId)).ToHashSet();
        var policies = policyIds.Count == 0 ? [] : await db.ProtectionPolicies.AsNoTracking().Where(p => policyIds.Contains(p.Id))
            .Select(p => new ComplianceOption(p.Id, p.Name)).ToListAsync(ct);
        var tenants = await TenantNames.ForAsync(db, tenantIds, ct);
        var clusterIds = pairs.Select(p => p.ClusterId).Concat(used.Where(u => u.TenantId == Guid.Empty).Select(u => u.ClusterId)).ToHashSet();
        return (
            clusterIds.Select(id => new ComplianceOption(id, clusterNames.GetValueOrDefault(id, "?"))).OrderBy(o => o.Name, StringComparer.Ordinal).ToList(),
            tenants.Select(t => new ComplianceOption(t.Key, t.Value)).OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            policies.OrderBy(o => o.Name, StringComparer.Ordinal).ToList());
    }
}
