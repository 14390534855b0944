using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Requests;
using Portal.Web.Notifications;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The requests list re-reads only on changes of requests its viewer may see: a change in another tenant (of which a
/// busy estate has many a second) costs an open list nothing.</summary>
public sealed class RequestsLiveUpdateTests : PortalTestContext
{
    private readonly WatchedNotifier _notifier = new();

    public RequestsLiveUpdateTests() => Services.AddSingleton<IRequestStatusNotifier>(_notifier);

    [Fact]
    public async Task ChangeInAnotherTenant_DoesNotReloadTheList_ChangeInTheViewersTenantDoes()
    {
        await SubmitRestoreAsAsync(Alice, target: "shop-copy");
        Principal.Current = Sam;
        var cut = Render<Requests>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr.mud-table-row [data-testid=request-status]")));
        var page = Assert.Single(_notifier.Filters);
        // a second request of the viewer's tenant, written without telling anyone: only a reload can show it
        var silent = await AddSilentlyAsync();

        var elsewhere = new RequestChange(Guid.NewGuid(), Guid.NewGuid(), RequestKind.NamespaceBackup);
        _notifier.Notify(elsewhere);

        Assert.False(page.Matches(elsewhere));
        Assert.Equal(0, _notifier.Deliveries);
        Assert.Single(cut.FindAll("tr.mud-table-row [data-testid=request-status]"));

        _notifier.Notify(new RequestChange(TenantId, silent, RequestKind.NamespaceBackup));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.mud-table-row [data-testid=request-status]").Count));
        Assert.Equal(1, _notifier.Deliveries);
    }

    private async Task<Guid> AddSilentlyAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var clusterId = await db.Clusters.Select(c => c.Id).FirstAsync();
        var request = OperationRequest.ForBackup(TenantId, clusterId, "shop", new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.None, null),
            "u", "User", null, DateTimeOffset.UtcNow);
        db.Requests.Add(request);
        await db.SaveChangesAsync();
        return request.Id;
    }

    /// <summary>The real notifier, remembering each page's filter and counting the changes it let through to a page.</summary>
    private sealed class WatchedNotifier : IRequestStatusNotifier
    {
        private readonly RequestStatusNotifier _inner = new(NullLogger<RequestStatusNotifier>.Instance);
        private int _deliveries;

        public List<RequestChangeFilter> Filters { get; } = [];
        public int Deliveries => Volatile.Read(ref _deliveries);

        public void Notify(RequestChange change)
        {
            foreach (var filter in Filters.Where(f => f.Matches(change))) Interlocked.Increment(ref _deliveries);
            _inner.Notify(change);
        }

        public IDisposable Subscribe(RequestChangeFilter filter, Func<Task> onChanged)
        {
            Filters.Add(filter);
            return _inner.Subscribe(filter, onChanged);
        }
    }
}
