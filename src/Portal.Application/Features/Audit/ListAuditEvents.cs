using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Auditing;

namespace Portal.Application.Features.Audit;

public sealed record ListAuditEventsQuery(PageRequest Page, string? Action = null, string? Actor = null, string? Text = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, Guid? TenantId = null);

public sealed record AuditEventView(DateTimeOffset At, string Actor, string Action, string TargetType, string TargetId, string Summary, string? TenantName,
    string? ActorUserId = null, string? SourceAddress = null, AuditOutcome Outcome = AuditOutcome.Succeeded);

/// <summary>The audit trail the caller may see (estate events only for estate scopes), newest first, paged in the database; the count stops at
/// <see cref="Paging.CountLimit"/> ("more than 10,000").</summary>
public sealed class ListAuditEvents(UseCaseServices s) : IUseCase
{
    public async Task<Result<Page<AuditEventView>>> HandleAsync(ListAuditEventsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanAnywhere(Permission.ViewAudit)) return caller.Refuse("Only platform engineers and SREs can read the audit log.");
        await using var db = await s.OpenAsync(caller, ct);
        var rows = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Action)) rows = rows.Where(e => e.Action.StartsWith(q.Action));
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            var actor = TextSearch.ContainsPattern(q.Actor);
            rows = rows.Where(e => EF.Functions.Like(e.Actor.ToLower(), actor, TextSearch.Escape));
        }
        if (!string.IsNullOrWhiteSpace(q.Text))
        {
            var text = TextSearch.ContainsPattern(q.Text);
            rows = rows.Where(e => EF.Functions.Like(e.Summary.ToLower(), text, TextSearch.Escape));
        }
        if (q.From is { } from) rows = rows.Where(e => e.At >= from);
        if (q.To is { } to) rows = rows.Where(e => e.At <= to);
        if (q.TenantId is { } tenantId) rows = rows.Where(e => e.TenantId == tenantId);
        var (total, capped) = await Paging.CountUpToAsync(rows, q.Page.Skip, q.Page.Take, ct);
        // The sequence alone orders the log (it is unique and strictly increasing), so the page is read backwards along its index
        // and stops after one page; a second sort key made PostgreSQL sort every matching row first.
        var page = await (from e in rows.OrderByDescending(e => e.Sequence).Skip(q.Page.Skip).Take(q.Page.Take)
                          join t in db.Tenants on e.TenantId equals t.Id into tj
                          from t in tj.DefaultIfEmpty()
                          select new AuditEventView(e.At, e.Actor, e.Action, e.TargetType, e.TargetId, e.Summary, t == null ? null : t.DisplayName,
                              e.ActorUserId, e.SourceAddress, e.Outcome))
            .ToListAsync(ct);
        return new Page<AuditEventView>(page, total) { IsCountCapped = capped };
    }
}
