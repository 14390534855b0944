using Portal.Application.Common;
using Portal.Application.Features.Audit;
using Portal.Application.Features.Requests.List;
using Portal.Domain.Auditing;

namespace Portal.IntegrationTests.BigTables;

/// <summary>Big lists never count to the end: past 10,000 matching rows the count says "more than 10,000", and the pager can
/// still go one page further than any page counted (page 500 is reachable). The text filter matches whatever the case, and takes
/// % and _ literally.</summary>
public class CappedListTests
{
    public static TheoryData<string> Providers => new() { "Postgres", "Sqlite" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AuditLog_MoreThan10000Rows_CountIsCapped_AndPage500IsReachable(string provider)
    {
        await using var w = await BigTableWorld.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        await using (var db = await w.OpenAllAsync())
        {
            db.AuditEvents.Add(new AuditEvent(at, "Pat", "cluster.registered", "cluster", "c", "Registered 100%_done cluster", null));
            for (var i = 0; i < 12_600; i++)
                db.AuditEvents.Add(new AuditEvent(at.AddSeconds(i), "Pat", "request.approved", "request", $"r{i}", $"Approved restore #{i}", w.TenantId));
            await db.SaveChangesAsync();
        }

        var first = await ListAsync(new ListAuditEventsQuery(new PageRequest(0, 25)));
        Assert.True(first.IsCountCapped);
        Assert.Equal(10_001, first.TotalCount);
        Assert.Equal("more than 10,000", Paging.Describe(first));
        Assert.Equal("Approved restore #12599", first.Items[0].Summary);

        var page500 = await ListAsync(new ListAuditEventsQuery(new PageRequest(499, 25)));
        Assert.Equal(25, page500.Items.Count);
        Assert.Equal($"Approved restore #{12_599 - 499 * 25}", page500.Items[0].Summary);
        Assert.True(page500.TotalCount > 500 * 25); // the pager's "next" stays on

        var filtered = await ListAsync(new ListAuditEventsQuery(new PageRequest(0, 25), Text: "RESTORE #1259"));
        Assert.False(filtered.IsCountCapped);
        Assert.Equal(11, filtered.TotalCount); // #1259 and #12590..#12599
        var literal = await ListAsync(new ListAuditEventsQuery(new PageRequest(0, 25), Text: "100%_"));
        Assert.Equal("Registered 100%_done cluster", Assert.Single(literal.Items).Summary);
        Assert.Empty((await ListAsync(new ListAuditEventsQuery(new PageRequest(0, 25), Text: "100_%"))).Items);

        async Task<Page<AuditEventView>> ListAsync(ListAuditEventsQuery q) =>
            (await w.RunAsync<ListAuditEvents, Result<Page<AuditEventView>>>(u => u.HandleAsync(q))).ValueOrThrow();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Requests_MoreThan10000_CountIsCapped_ExactBelow(string provider)
    {
        await using var w = await BigTableWorld.CreateAsync(provider);
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        await using (var db = await w.OpenAllAsync())
        {
            for (var i = 0; i < 10_010; i++) db.Requests.Add(w.Backup(at.AddSeconds(i), i < 10 ? "rare" : "shop"));
            await db.SaveChangesAsync();
        }

        var all = (await w.RunAsync<ListRequests, Result<Page<RequestSummary>>>(u => u.HandleAsync(new ListRequestsQuery(new PageRequest(0, 25))))).ValueOrThrow();
        Assert.True(all.IsCountCapped);
        Assert.Equal(10_001, all.TotalCount);
        var rare = (await w.RunAsync<ListRequests, Result<Page<RequestSummary>>>(u => u.HandleAsync(new ListRequestsQuery(new PageRequest(0, 25), Search: "rare")))).ValueOrThrow();
        Assert.False(rare.IsCountCapped);
        Assert.Equal(10, rare.TotalCount);
    }
}
