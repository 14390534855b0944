using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions;
using Portal.Execution.Protection;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Execution;

/// <summary>The follow lease on SQLite (the integration tests race it on PostgreSQL): one holder at a time, renewal,
/// take-over after expiry, release; of replicas racing for a free cluster exactly one wins.</summary>
public class FollowLeasesTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OneHolderAtATime_RenewedByIt_TakenOverAfterExpiry_ReleasedOnShutdown()
    {
        await using var host = await PortalTestHost.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var leases = new FollowLeases(host.Services.GetRequiredService<IPortalDbContextFactory>(), time);
        var cluster = Guid.NewGuid();

        Assert.True(await leases.TryTakeAsync(cluster, "a", Duration, default));
        Assert.False(await leases.TryTakeAsync(cluster, "b", Duration, default));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await leases.TryTakeAsync(cluster, "a", Duration, default)); // renewed: now until 12:00:50
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await leases.TryTakeAsync(cluster, "b", Duration, default)); // would have expired without the renewal

        time.Advance(TimeSpan.FromSeconds(31)); // a died
        Assert.True(await leases.TryTakeAsync(cluster, "b", Duration, default));
        Assert.False(await leases.TryTakeAsync(cluster, "a", Duration, default)); // a's renewal fails: it must stop

        await leases.ReleaseAsync(cluster, "a", default); // not a's to release
        Assert.False(await leases.TryTakeAsync(cluster, "a", Duration, default));
        await leases.ReleaseAsync(cluster, "b", default);
        Assert.True(await leases.TryTakeAsync(cluster, "a", Duration, default)); // at once, no wait for expiry
    }

    [Fact]
    public async Task ReplicasRacingForAFreeOrExpiredLease_ExactlyOneWins()
    {
        await using var host = await PortalTestHost.StartAsync();
        var factory = host.Services.GetRequiredService<IPortalDbContextFactory>();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var cluster = Guid.NewGuid();

        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => new FollowLeases(factory, time).TryTakeAsync(cluster, $"r{i}", Duration, default))));
        Assert.Equal(1, first.Count(won => won));

        time.Advance(Duration + TimeSpan.FromSeconds(1));
        var second = await Task.WhenAll(Enumerable.Range(6, 6).Select(i => Task.Run(() => new FollowLeases(factory, time).TryTakeAsync(cluster, $"r{i}", Duration, default))));
        Assert.Equal(1, second.Count(won => won));
        await using var db = await host.OpenAllAsync();
        Assert.Equal(1, await db.ClusterFollowLeases.CountAsync());
    }
}
