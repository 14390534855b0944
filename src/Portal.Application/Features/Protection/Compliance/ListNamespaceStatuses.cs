using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Status;

namespace Portal.Application.Features.Protection.Compliance;

/// <param name="NamespaceIds">Only these namespaces (<c>TenantNamespace</c> ids); null for every one the caller sees.</param>
public sealed record ListNamespaceStatusesQuery(Guid? TenantId = null, IReadOnlyList<Guid>? NamespaceIds = null);

/// <summary>The protection status of the caller's namespaces, for a chip beside each (the namespaces list, a
/// namespace's page). Read from the database only.</summary>
public sealed class ListNamespaceStatuses(UseCaseServices s, NamespaceStatusReader reader) : IUseCase
{
    public async Task<Result<IReadOnlyList<NamespaceStatusView>>> HandleAsync(ListNamespaceStatusesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!ComplianceScope.MayOpen(caller)) return caller.Refuse();
        await using var db = await s.OpenAsync(caller, ct);
        var statuses = await reader.ReadAsync(db, new NamespaceStatusFilter(TenantId: q.TenantId, NamespaceIds: q.NamespaceIds), s.Now, ct);
        return statuses.Where(r => r.NamespaceId is not null && ComplianceScope.MaySee(caller, r))
            .Select(r => new NamespaceStatusView(r.NamespaceId!.Value, r.Verdict.Status, r.Verdict.Reason, r.BelowMinimum,
                r.Policy?.Name ?? r.Protection?.PolicyName))
            .ToList();
    }
}
