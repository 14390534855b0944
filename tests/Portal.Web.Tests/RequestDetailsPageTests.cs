using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Requests;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class RequestDetailsPageTests : PortalTestContext
{
    private IRenderedComponent<RequestDetailsPage> RenderPage(Guid id)
    {
        var cut = Render<RequestDetailsPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=request-status]");
        return cut;
    }

    private static string Status(IRenderedComponent<RequestDetailsPage> cut) =>
        cut.Find("[data-testid=request-status]").GetAttribute("data-status")!;

    [Fact]
    public async Task Render_AsRequester_ShowsPendingWithoutDecisionButtons()
    {
        var id = await SubmitRestoreAsAsync(Alice);

        var cut = RenderPage(id);

        Assert.Equal(nameof(RequestStatus.PendingApproval), Status(cut));
        Assert.Empty(cut.FindAll("[data-testid=approve-button]"));
        cut.Find("[data-testid=cancel-button]");
        Assert.Contains("into new namespace shop-copy", cut.Find("[data-testid=request-parameters]").TextContent);
    }

    [Fact]
    public async Task Approve_AsApprover_ShowsQueuedAndTheDecision()
    {
        var id = await SubmitRestoreAsAsync(Alice);
        Principal.Current = Sam;
        var cut = RenderPage(id);

        await cut.Find("[data-testid=approve-button]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(nameof(RequestStatus.Queued), Status(cut)));
        Assert.Contains("Sam Reliability", cut.Find("[data-testid=request-decision]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=approve-button]"));
    }

    [Fact]
    public async Task Close_ReleasesTheLiveSubscription()
    {
        var id = await SubmitRestoreAsAsync(Alice);
        var notifier = (Portal.Web.Notifications.RequestStatusNotifier)Services.GetRequiredService<IRequestStatusNotifier>();
        var before = notifier.SubscriberCount;
        RenderPage(id);
        Assert.Equal(before + 1, notifier.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, notifier.SubscriberCount);
    }

    [Fact]
    public async Task Notify_RequestCompletedElsewhere_PageShowsSucceededWithoutReload()
    {
        var id = await SubmitRestoreAsAsync(Alice);
        var cut = RenderPage(id);

        await CompleteAsSystemAsync(id);
        Services.GetRequiredService<IRequestStatusNotifier>().Notify(new RequestChange(TenantId, id, RequestKind.NamespaceRestore));

        cut.WaitForAssertion(() => Assert.Equal(nameof(RequestStatus.Succeeded), Status(cut)));
        Assert.Contains("Completed", cut.Find("[data-testid=request-phase]").TextContent);
    }

    [Fact]
    public async Task Render_NoClusterObjectYet_ShowsNeitherAPhaseNorCounts_UntilThereIsOne()
    {
        var id = await SubmitRestoreAsAsync(Alice);
        var cut = RenderPage(id);

        // A phase and warning counts are a Velero object's: a request without one (a snapshot, a rollback) shows none.
        Assert.Empty(cut.FindAll("[data-testid=request-phase]"));
        Assert.Empty(cut.FindAll("[data-testid=request-counts]"));

        await CompleteAsSystemAsync(id);
        Services.GetRequiredService<IRequestStatusNotifier>().Notify(new RequestChange(TenantId, id, RequestKind.NamespaceRestore));
        cut.WaitForAssertion(() => Assert.Contains("Completed", cut.Find("[data-testid=request-phase]").TextContent));
    }

    [Fact]
    public async Task Render_FailedBeforeAnyObject_SaysNothingWasCreatedOnTheCluster()
    {
        var id = await SubmitRestoreAsAsync(Alice);
        await ChangeAsSystemAsync(id, (r, now) =>
        {
            r.Approve(Sam.UserId, Sam.DisplayName, null, now);
            r.Enqueue(now);
            r.Claim("test-executor", now.AddMinutes(5), now);
            r.Complete(RequestStatus.Failed, "The backup shop-nightly is gone.", now);
        });

        var text = RenderPage(id).Find("[data-testid=request-object]").TextContent;

        Assert.DoesNotContain("yet", text);
        Assert.Contains("None: the request failed before anything was created on the cluster", text);
    }

    [Fact]
    public async Task Render_RejectedOrCancelled_SaysWhyNoObjectExists()
    {
        var rejected = await SubmitRestoreAsAsync(Alice);
        await ChangeAsSystemAsync(rejected, (r, now) => r.Reject(Sam.UserId, Sam.DisplayName, "not now", now));
        var cancelled = await SubmitRestoreAsAsync(Alice, "shop-copy-2");
        await ChangeAsSystemAsync(cancelled, (r, now) => r.Cancel(now));

        Assert.Contains("None: the request was rejected", RenderPage(rejected).Find("[data-testid=request-object]").TextContent);
        Assert.Contains("None: the request was cancelled", RenderPage(cancelled).Find("[data-testid=request-object]").TextContent);
    }

    [Fact]
    public async Task Render_Pending_SaysTheObjectIsNotCreatedYet()
    {
        var id = await SubmitRestoreAsAsync(Alice);

        Assert.Contains("Not created yet", RenderPage(id).Find("[data-testid=request-object]").TextContent);
    }

    private async Task ChangeAsSystemAsync(Guid id, Action<OperationRequest, DateTimeOffset> change)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var r = await db.Requests.FirstAsync(x => x.Id == id);
        change(r, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    /// <summary>What the executor would do: approve, queue, run and complete the request in the database.</summary>
    private async Task CompleteAsSystemAsync(Guid id)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var r = await db.Requests.FirstAsync(x => x.Id == id);
        r.Approve(Sam.UserId, Sam.DisplayName, null, now);
        r.Enqueue(now);
        r.Claim("test-executor", now.AddMinutes(5), now);
        r.RecordProgress("Completed", 10, 10, 0, 0, now);
        r.Complete(RequestStatus.Succeeded, null, now);
        await db.SaveChangesAsync();
    }
}
