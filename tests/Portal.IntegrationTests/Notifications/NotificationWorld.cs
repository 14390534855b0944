using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Features.Notifications;
using Portal.Domain.Clusters;
using Portal.Domain.Notifications;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Execution;
using Portal.Execution.Notifications;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Notifications;

/// <summary>A PostgreSQL database, one replica, a tenant with a cluster, and a local receiver behind a tenant channel.</summary>
public sealed class NotificationWorld : IAsyncDisposable
{
    public const string Secret = "integration-signing-secret";

    private NotificationWorld(PostgresDatabase database, PortalReplica replica, LocalReceiver receiver)
    {
        Database = database;
        Replica = replica;
        Receiver = receiver;
    }

    public PostgresDatabase Database { get; }
    public PortalReplica Replica { get; private set; }
    public LocalReceiver Receiver { get; }
    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public Guid ChannelId { get; private set; }

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Notifications:PortalBaseUrl"] = "https://portal.example.test",
        ["Notifications:RetryBaseDelay"] = "00:00:00.100",
        ["Notifications:MaxAttempts"] = "10",
        ["Notifications:PauseAfterFailures"] = "3",
        ["Notifications:Lease"] = "00:00:01",
    };

    public static async Task<NotificationWorld> CreateAsync(NotificationEventType type = NotificationEventType.ApprovalNeeded)
    {
        var database = await PostgresDatabase.CreateAsync();
        var replica = await PortalReplica.CreateAsync(database.ConnectionString, "replica-a", migrate: true, settings: Settings);
        var world = new NotificationWorld(database, replica, new LocalReceiver());
        var protector = replica.Services.GetRequiredService<ICredentialProtector>();
        await using var db = await replica.OpenAllAsync();
        var tenant = new Tenant("shop", "Webshop");
        var cluster = new Cluster("prod-1", "https://prod-1:6443", protector.Protect("apiVersion: v1"), ClusterAuthKind.BearerToken, "seed", DateTimeOffset.UtcNow);
        var channel = NotificationChannel.ForTenant(tenant.Id, "sre-hook", NotificationChannelKind.Webhook, protector.Protect(world.Receiver.Url),
            "http://127.0.0.1/…ook/", protector.Protect(Secret), [type], DateTimeOffset.UtcNow);
        db.Tenants.Add(tenant);
        db.Clusters.Add(cluster);
        db.NotificationChannels.Add(channel);
        await db.SaveChangesAsync();
        (world.TenantId, world.ClusterId, world.ChannelId) = (tenant.Id, cluster.Id, channel.Id);
        return world;
    }

    /// <summary>Asks for a backup that needs approval: the save writes an "approval needed" event to the outbox.</summary>
    public async Task<Guid> AskForBackupAsync(string ns = "shop-web")
    {
        await using var db = await Replica.OpenAllAsync();
        var now = DateTimeOffset.UtcNow;
        var request = OperationRequest.ForBackup(TenantId, ClusterId, ns, new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.Snapshot, null),
            "user-1", "Uma User", "before the release", now);
        request.Submit(true, now);
        db.Requests.Add(request);
        await db.SaveChangesAsync();
        return request.Id;
    }

    public NotificationWorker Worker(string owner, PortalReplica? replica = null)
    {
        var sp = (replica ?? Replica).Services;
        return new NotificationWorker(sp.GetRequiredService<INotificationQueue>(), sp.GetRequiredService<NotificationDispatcher>(),
            sp.GetRequiredService<IOptions<NotificationOptions>>(), sp.GetRequiredService<IOptions<ExecutionOptions>>(),
            sp.GetRequiredService<ILogger<NotificationWorker>>()) { Owner = owner };
    }

    /// <summary>Runs the worker's steps until <paramref name="done"/> holds; fails naming <paramref name="what"/> after 20 s.</summary>
    public static async Task RunUntilAsync(NotificationWorker worker, Func<Task<bool>> done, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await done())
        {
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            if (!await worker.RunOnceAsync(CancellationToken.None)) await Task.Delay(50);
        }
    }

    public async Task<List<NotificationDelivery>> DeliveriesAsync()
    {
        await using var db = await Replica.OpenAllAsync();
        return await db.NotificationDeliveries.AsNoTracking().ToListAsync();
    }

    public async Task<NotificationChannel> ChannelAsync()
    {
        await using var db = await Replica.OpenAllAsync();
        return await db.NotificationChannels.AsNoTracking().FirstAsync(c => c.Id == ChannelId);
    }

    /// <summary>A second replica on the same database (another pod, or this one restarted).</summary>
    public Task<PortalReplica> AnotherReplicaAsync(string id) => PortalReplica.CreateAsync(Database.ConnectionString, id, settings: Settings);

    public async ValueTask DisposeAsync()
    {
        Receiver.Dispose();
        await Replica.DisposeAsync();
        await Database.DisposeAsync();
    }
}
