using Microsoft.Extensions.Logging.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Application;

/// <summary>The fan-out of changes to open pages: filtered, never waiting for a page, a burst folded into one re-read,
/// and released on dispose.</summary>
public class ChangeFanOutTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Guid TenantA = Guid.NewGuid();
    private static readonly Guid TenantB = Guid.NewGuid();

    private sealed class Notifier(IChangeRelay? relay = null) : ChangeFanOut<RequestChange>(NullLogger.Instance, relay)
    {
        public void Notify(RequestChange change) => Publish(change);

        public ChangeFanOut<RequestChange>.Subscription Subscribe(RequestChangeFilter filter, Func<Task> onChanged) =>
            (ChangeFanOut<RequestChange>.Subscription)SubscribeWhere(filter.Matches, onChanged);
    }

    private sealed class RecordingRelay : IChangeRelay
    {
        public readonly List<object> Sent = [];
        public Action<RequestChange>? Deliver;
        public Action? Resync;
        public void Send<TChange>(TChange change) where TChange : notnull => Sent.Add(change);
        public void Attach<TChange>(Action<TChange> deliver, Action resync) where TChange : notnull
        {
            Deliver = c => deliver((TChange)(object)c);
            Resync = resync;
        }
    }

    private static RequestChange Change(Guid? tenant = null, Guid? request = null, RequestKind kind = RequestKind.NamespaceBackup) =>
        new(tenant ?? TenantA, request ?? Guid.NewGuid(), kind);

    [Fact]
    public void Filter_Request_MatchesOnlyThatRequest()
    {
        var id = Guid.NewGuid();
        var filter = RequestChangeFilter.Request(id);
        Assert.True(filter.Matches(Change(request: id)));
        Assert.False(filter.Matches(Change()));
    }

    [Fact]
    public void Filter_TenantAndKinds_MustAllMatch()
    {
        var filter = new RequestChangeFilter { Tenants = new HashSet<Guid> { TenantA }, Kinds = RequestChangeFilter.DatabaseKinds };
        Assert.True(filter.Matches(Change(TenantA, kind: RequestKind.DatabaseDump)));
        Assert.False(filter.Matches(Change(TenantB, kind: RequestKind.DatabaseDump)));
        Assert.False(filter.Matches(Change(TenantA, kind: RequestKind.NamespaceBackup)));
        Assert.True(RequestChangeFilter.Everything.Matches(Change(TenantB, kind: RequestKind.MigrationRollback)));
    }

    [Fact]
    public void Filter_VisibleThroughGrants_TenantGrantsNameTheirTenants_AnEstateOrClusterGrantReachesAll()
    {
        var tenantOnly = RequestChangeFilter.VisibleThrough([(ScopeKind.Tenant, TenantA)]);
        Assert.True(tenantOnly.Matches(Change(TenantA)));
        Assert.False(tenantOnly.Matches(Change(TenantB)));

        Assert.True(RequestChangeFilter.VisibleThrough([(ScopeKind.Tenant, TenantA), (ScopeKind.Cluster, null)]).Matches(Change(TenantB)));
        Assert.True(RequestChangeFilter.VisibleThrough([(ScopeKind.Estate, null)]).Matches(Change(TenantB)));
        Assert.False(RequestChangeFilter.VisibleThrough([]).Matches(Change(TenantB)));
    }

    [Fact]
    public async Task Notify_ReachesOnlySubscribersWhoseFilterMatches()
    {
        var notifier = new Notifier();
        var id = Guid.NewGuid();
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var othersCalls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = notifier.Subscribe(RequestChangeFilter.Request(id), () => { mine.TrySetResult(); return Task.CompletedTask; });
        using var other = notifier.Subscribe(new RequestChangeFilter { Tenants = new HashSet<Guid> { TenantB } }, async () =>
        {
            Interlocked.Increment(ref othersCalls);
            await gate.Task;
        });

        notifier.Notify(Change(TenantA, request: Guid.NewGuid())); // neither
        notifier.Notify(Change(TenantA, request: id));              // the request page only

        await mine.Task.WaitAsync(Patience);
        Assert.Equal(0, other.Pending); // the other tenant's list was never asked to re-read
        Assert.Equal(0, othersCalls);
        Assert.Equal(0, page.Pending);
        gate.TrySetResult();
    }

    [Fact]
    public async Task Notify_BlockedSubscriber_DoesNotBlockThePublisherNorOtherSubscribers()
    {
        var notifier = new Notifier();
        var neverReturns = new TaskCompletionSource();
        var blockedStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stuck = notifier.Subscribe(RequestChangeFilter.Everything, () => { blockedStarted.TrySetResult(); return neverReturns.Task; });
        var healthyCalls = 0;
        var healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var fine = notifier.Subscribe(RequestChangeFilter.Everything, () =>
        {
            if (Interlocked.Increment(ref healthyCalls) >= 1) healthy.TrySetResult();
            return Task.CompletedTask;
        });

        notifier.Notify(Change());
        await blockedStarted.Task.WaitAsync(Patience);
        var publishing = Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++) notifier.Notify(Change());
        });

        await publishing.WaitAsync(Patience); // ten thousand writes while a page is stuck: none of them waited for it
        await healthy.Task.WaitAsync(Patience);
        Assert.Equal(1, stuck.Pending); // and the stuck page owes one re-read, not ten thousand
    }

    [Fact]
    public async Task Notify_BurstDuringARead_FoldsIntoOneMoreRead()
    {
        var notifier = new Notifier();
        var calls = 0;
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var page = notifier.Subscribe(RequestChangeFilter.Everything, async () =>
        {
            var n = Interlocked.Increment(ref calls);
            if (n == 1)
            {
                firstStarted.TrySetResult();
                await releaseFirst.Task;
            }
            else second.TrySetResult();
        });

        notifier.Notify(Change());
        await firstStarted.Task.WaitAsync(Patience);
        for (var i = 0; i < 50; i++) notifier.Notify(Change());
        Assert.Equal(1, page.Pending);

        releaseFirst.TrySetResult();
        await second.Task.WaitAsync(Patience);
        Assert.Equal(0, page.Pending);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Dispose_ReleasesTheSubscription_AndEndsItsLoop()
    {
        var notifier = new Notifier();
        var page = notifier.Subscribe(RequestChangeFilter.Everything, () => Task.CompletedTask);
        Assert.Equal(1, notifier.SubscriberCount);

        page.Dispose();

        Assert.Equal(0, notifier.SubscriberCount);
        await page.Loop.WaitAsync(Patience);
        notifier.Notify(Change());
        Assert.Equal(0, page.Pending);
    }

    [Fact]
    public async Task SubscriberThatThrows_IsDropped()
    {
        var notifier = new Notifier();
        var page = notifier.Subscribe(RequestChangeFilter.Everything, () => throw new ObjectDisposedException("circuit"));

        notifier.Notify(Change());

        await page.Loop.WaitAsync(Patience);
        Assert.Equal(0, notifier.SubscriberCount);
    }

    [Fact]
    public async Task Relay_CarriesOwnChangesOut_AndDeliversOthersThroughTheFilters_ResyncReachesEveryone()
    {
        var relay = new RecordingRelay();
        var notifier = new Notifier(relay);
        var id = Guid.NewGuid();
        var calls = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resynced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var n = 0;
        using var page = notifier.Subscribe(RequestChangeFilter.Request(id), () =>
        {
            if (Interlocked.Increment(ref n) == 1) calls.TrySetResult(); else resynced.TrySetResult();
            return Task.CompletedTask;
        });

        var own = Change(request: id);
        notifier.Notify(own);
        Assert.Equal([own], relay.Sent);
        await calls.Task.WaitAsync(Patience);

        relay.Deliver!(Change()); // another replica's change of another request: filtered out here
        Assert.Equal(0, page.Pending);
        Assert.Single(relay.Sent); // and never sent back out

        relay.Resync!();
        await resynced.Task.WaitAsync(Patience);
    }
}
