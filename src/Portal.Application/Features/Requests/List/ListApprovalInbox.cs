using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Security;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.List;

public sealed record ListApprovalInboxQuery(PageRequest Page);

/// <summary>Pending requests the caller may decide on: they hold the policy's approver persona over the
/// request's tenant and did not ask for it themselves.</summary>
public sealed class ListApprovalInbox(UseCaseServices s) : IUseCase
{
    public async Task<Result<Page<RequestSummary>>> HandleAsync(ListApprovalInboxQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var me = caller.Principal.UserId;

        // The pending set is small (it is a to-do list), so who-may-decide is evaluated per row in memory,
        // with the same rule the approve command enforces.
        var pending = await db.Requests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.PendingApproval && r.RequestedById != me)
            .OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var tenantIds = pending.Select(r => r.TenantId).Distinct().ToList();
        // The tenants' policies, as ApprovalRules reads them: also for a persona bound to a cluster, who belongs to no tenant.
        var policies = await db.ApprovalPolicies.AcrossTenants().AsNoTracking().Where(p => tenantIds.Contains(p.TenantId)).ToListAsync(ct);
        var decidable = pending.Where(r =>
        {
            var policy = policies.FirstOrDefault(p => p.TenantId == r.TenantId && p.Kind == r.Kind);
            var (_, approver) = ApprovalRules.Resolve(r.TenantId, r.Kind, policy);
            return ApprovalRules.CanDecide(caller, r, approver);
        }).ToList();

        var page = decidable.Skip(q.Page.Skip).Take(q.Page.Take).ToList();
        var names = await NamesAsync(db, page, ct);
        var facts = await DatabaseRequestFactsReader.ReadAsync(db, page, withDumps: false, ct);
        var sources = await ListRequests.SourceClustersAsync(db, page, ct);
        var items = page.Select(r =>
        {
            var summary = ListRequests.ToSummary(r, names.Tenants[r.TenantId], names.Clusters[r.ClusterId], sources);
            return summary with { About = facts.GetValueOrDefault(r.Id)?.About ?? summary.About };
        }).ToList();
        return new Page<RequestSummary>(items, decidable.Count);
    }

    private static async Task<(Dictionary<Guid, string> Tenants, Dictionary<Guid, string> Clusters)> NamesAsync(
        IPortalDbContext db, List<OperationRequest> rows, CancellationToken ct)
    {
        var tIds = rows.Select(r => r.TenantId).Distinct().ToList();
        var cIds = rows.Select(r => r.ClusterId).Distinct().ToList();
        var tenants = await TenantNames.ForAsync(db, tIds, ct);
        var clusters = await db.Clusters.AsNoTracking().Where(c => cIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return (tenants, clusters);
    }
}
