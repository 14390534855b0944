using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Notifications.Channels;
using Portal.Application.Features.Notifications.Delivery;
using Portal.Domain.Access;
using Portal.Domain.Notifications;
using Portal.TestSupport;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application.Notifications;

/// <summary>Who hears of a migration wave, the outbox's clock, and how a "send test" is logged.</summary>
public class NotificationAudienceTests
{
    /// <summary>Bravo's wave (shared-1 to shared-2) approved and started: the save raises "wave started".</summary>
    private static async Task<NotificationEvent> StartBravoWaveAsync(PortalTestHost host, WalkWorld world)
    {
        await using (var db = await host.OpenAllAsync())
        {
            var plan = await db.MigrationPlans.FirstAsync(p => p.Id == world.BravoPlan);
            var wave = await db.MigrationWaves.FirstAsync(w => w.Id == world.BravoWave);
            wave.Approve(plan, "estate-approver", "Estate approver", null, DateTimeOffset.UtcNow);
            wave.MarkRunning(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        await using var read = await host.OpenAllAsync();
        return await read.NotificationEvents.AsNoTracking().SingleAsync(e => e.SubjectId == world.BravoWave && e.Type == NotificationEventType.WaveStarted);
    }

    [Fact]
    public async Task WaveStarted_GoesToWhoMaySeeTheWave_NotToEveryArchitectOfTheEstate()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        var protector = host.Services.GetRequiredService<ICredentialProtector>();
        var owners = new Dictionary<Guid, string>();
        await using (var db = await host.OpenAllAsync())
        {
            // Bound to both clusters of the plan: sees the whole plan.
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, "arch-both", Persona.MigrationArchitect, ScopeKind.Cluster, null, world.ClusterId));
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, "arch-both", Persona.MigrationArchitect, ScopeKind.Cluster, null, world.TargetClusterId));
            // Bound to the target cluster only: neither the whole plan nor any of the wave's applications.
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, "arch-target", Persona.MigrationArchitect, ScopeKind.Cluster, null, world.TargetClusterId));
            foreach (var user in new[] { "arch-both", "arch-target", world.AlphaPeople[Persona.MigrationArchitect].UserId, world.BravoOwner.UserId })
            {
                var channel = NotificationChannel.ForPerson(user, [], user, NotificationChannelKind.Slack, protector.Protect("https://hooks.slack.com/services/T/B/X"),
                    "x", null, [NotificationEventType.WaveStarted], DateTimeOffset.UtcNow);
                db.NotificationChannels.Add(channel);
                owners[channel.Id] = user;
            }
            await db.SaveChangesAsync();
        }

        var e = await StartBravoWaveAsync(host, world);
        await using var read = await host.OpenAllAsync();
        var reached = (await NotificationAudience.ChannelsForAsync(read, e, CancellationToken.None))
            .Where(c => owners.ContainsKey(c.Id)).Select(c => owners[c.Id]).ToHashSet();

        // Alpha's architect plans migrations too, but for Alpha: Bravo's wave is none of theirs (before: told anyway).
        Assert.Equal(new HashSet<string> { "arch-both", world.BravoOwner.UserId }, reached);
    }

    [Fact]
    public async Task Outbox_StampsEventsWithThePortalsClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero));
        await using var host = await PortalTestHost.StartAsync(clock);
        var world = await WalkWorld.SeedAsync(host);

        var e = await StartBravoWaveAsync(host, world);

        Assert.Equal(clock.GetUtcNow(), e.OccurredAt);
    }

    [Fact]
    public async Task SendTest_IsLoggedAsATestMessage_NotAsARequestThatSucceeded()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.SreEngineer];
        var saved = await host.RunAsync<SaveNotificationChannel, Result<Guid>>(u => u.HandleAsync(new SaveNotificationChannelCommand(null,
            world.AlphaTenant, "sre-hook", NotificationChannelKind.Webhook, "https://hooks.example/portal", "a-long-signing-secret",
            [NotificationEventType.RequestSucceeded])));

        var sent = await host.RunAsync<SendTestNotification, Result<SendOutcome>>(u => u.HandleAsync(new SendTestNotificationCommand(saved.Value)));
        Assert.True(sent.Value!.Delivered);

        var log = await host.RunAsync<ListChannelDeliveries, Result<IReadOnlyList<DeliveryView>>>(u => u.HandleAsync(new ListChannelDeliveriesQuery(saved.Value)));
        var row = Assert.Single(log.Value!);
        Assert.Equal((true, NotificationEventType.Test), (row.IsTest, row.EventType));
        var (_, _, _, message) = Assert.Single(host.Services.GetRequiredService<FakeNotificationTransport>().Sent);
        Assert.Equal(NotificationEventType.Test, message.Type);
    }

    [Fact]
    public async Task Audience_ReadsTheEventsRequestOnce_HoweverManyChannelsAPersonHas()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        var protector = host.Services.GetRequiredService<ICredentialProtector>();
        NotificationEvent e;
        await using (var read = await host.OpenAllAsync())
            e = await read.NotificationEvents.AsNoTracking().FirstAsync(x => x.SubjectId == world.AlphaPendingRequest && x.Type == NotificationEventType.ApprovalNeeded);

        async Task<int> CommandsWithChannelsAsync(int count)
        {
            await using (var db = await host.OpenAllAsync())
            {
                db.NotificationChannels.RemoveRange(await db.NotificationChannels.Where(c => c.OwnerUserId == "sre-many").ToListAsync());
                for (var i = 0; i < count; i++)
                    db.NotificationChannels.Add(NotificationChannel.ForPerson("sre-many", [], $"mine-{i}", NotificationChannelKind.Slack,
                        protector.Protect("https://hooks.slack.com/services/T/B/X"), "x", null, [NotificationEventType.ApprovalNeeded], DateTimeOffset.UtcNow));
                await db.SaveChangesAsync();
            }
            await using var audienceDb = await host.OpenAllAsync();
            using var counter = new CommandCounter((DbContext)audienceDb);
            await NotificationAudience.ChannelsForAsync(audienceDb, e, CancellationToken.None);
            return counter.Count;
        }

        var one = await CommandsWithChannelsAsync(1);
        var six = await CommandsWithChannelsAsync(6);
        Assert.Equal(one, six); // before: the request and its approval policy were read again for each channel
    }

    /// <summary>Counts the SQL commands one context sends (EF Core's diagnostic events, filtered to that context: tests run in parallel).</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly DbContext _context;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public CommandCounter(DbContext context)
        {
            _context = context;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && ReferenceEquals(data.Context, _context))
                Interlocked.Increment(ref _count);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }
}
