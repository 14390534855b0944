using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Audit;
using Portal.Application.Features.Requests.Details;
using Portal.Domain.Access;
using Portal.Domain.Auditing;
using Portal.Domain.Requests;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Events written in the same instant (submitted, approved and queued by one click; steps of the executor)
/// are shown in the order they happened, not in an order their timestamps cannot tell.</summary>
public class TimelineOrderTests
{
    [Fact]
    public async Task GetRequestDetails_EventsWithTheSameTimestamp_ListedInTheOrderTheyWereWritten()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var titles = Enumerable.Range(1, 30).Select(i => $"step {i:00}").ToList();
        await using (var db = await host.OpenAllAsync())
        {
            var request = await db.Requests.FirstAsync(r => r.Id == world.BravoPendingRequest);
            foreach (var title in titles.Take(20)) db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Step, title, "executor", at));
            await db.SaveChangesAsync();
            foreach (var title in titles.Skip(20)) db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Step, title, "executor", at));
            await db.SaveChangesAsync();
        }
        host.Principal.Current = world.BravoOwner;

        var details = await host.RunAsync<GetRequestDetails, Result<RequestDetails>>(u => u.HandleAsync(new GetRequestDetailsQuery(world.BravoPendingRequest)));

        Assert.Equal(titles, details.Value!.Timeline.Where(e => e.Kind == RequestEventKind.Step).Select(e => e.Title));
    }

    [Fact]
    public async Task ListAuditEvents_EventsWithTheSameTimestamp_NewestWrittenFirst()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        var at = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var summaries = Enumerable.Range(1, 30).Select(i => $"event {i:00}").ToList();
        await using (var db = await host.OpenAllAsync())
        {
            foreach (var s in summaries) db.AuditEvents.Add(new AuditEvent(at, "walk", "walk.event", "request", "x", s, world.AlphaTenant));
            await db.SaveChangesAsync();
        }
        host.Principal.Current = world.AlphaPeople[Persona.SreEngineer];

        var page = await host.RunAsync<ListAuditEvents, Result<Page<AuditEventView>>>(u => u.HandleAsync(new ListAuditEventsQuery(new PageRequest(0, 30))));

        Assert.Equal(Enumerable.Reverse(summaries), page.Value!.Items.Select(e => e.Summary));
    }
}
