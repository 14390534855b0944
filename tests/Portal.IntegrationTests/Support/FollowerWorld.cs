using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Status;
using Portal.Application.Features.Tenants;
using Portal.Domain.Common;
using Portal.Domain.Protection;
using Portal.Kubernetes;

namespace Portal.IntegrationTests.Support;

/// <summary>The journey world with protection on top: policies and protections written as the executor leaves them
/// (the Schedule built by <see cref="VeleroObjectBuilder.Schedule"/> on the simulated cluster, its spec hash recorded),
/// backups made on the cluster as Velero or a person would, and the status read through the one status reader.</summary>
public sealed class FollowerWorld : IAsyncDisposable
{
    private int _runs;

    private FollowerWorld(JourneyWorld journey) => Journey = journey;

    public JourneyWorld Journey { get; }
    public PortalReplica Portal => Journey.Portal;

    public static async Task<FollowerWorld> CreateAsync() => new(await JourneyWorld.CreateAsync());

    public async Task<Guid> ClaimAsync(string ns)
    {
        Journey.As(Journey.Platform);
        return JourneyWorld.Ok(await Portal.RunAsync<ClaimNamespace, Result<Guid>>(u =>
            u.HandleAsync(new ClaimNamespaceCommand(Journey.TenantId, Journey.ClusterId, ns))));
    }

    public async Task<ProtectionPolicy> PolicyAsync(string name, string cron = "0 * * * *", TimeSpan? rpo = null)
    {
        var policy = new ProtectionPolicy(name, ProtectionTarget.Namespace, new ProtectionPolicySettings(cron, "UTC", TimeSpan.FromDays(7),
            rpo ?? TimeSpan.FromHours(2), VolumeProtection.CsiSnapshots, null, [], []), "priya", DateTimeOffset.UtcNow);
        await using var db = await Portal.OpenAllAsync();
        db.ProtectionPolicies.Add(policy);
        await db.SaveChangesAsync();
        return policy;
    }

    /// <summary>What the executor leaves behind: the Schedule on the cluster and the protection with its hash.</summary>
    public async Task<(NamespaceProtection Protection, JsonObject Schedule)> ProtectAsync(string ns, ProtectionPolicy policy)
    {
        var protection = new NamespaceProtection(Journey.TenantId, Journey.ClusterId, ns, policy, "alice", DateTimeOffset.UtcNow);
        var requestId = Guid.NewGuid();
        var schedule = VeleroObjectBuilder.Schedule(new VeleroScheduleSpec(protection.ScheduleName, ns, policy.Cron, policy.TimeZone,
            policy.Retention, policy.Volumes, policy.StorageLocation, policy.ExcludedResources, false,
            new Dictionary<string, string>
            {
                [PortalLabels.RequestId] = requestId.ToString(), [PortalLabels.Tenant] = "webshop", [PortalLabels.ProtectionId] = protection.Id.ToString("N"),
            }), "velero");
        Journey.Cluster.Store.Put(schedule.DeepClone());
        protection.RecordApplied(policy, requestId, StoredScheduleHash(protection.ScheduleName)!, DateTimeOffset.UtcNow);
        await using var db = await Portal.OpenAllAsync();
        db.NamespaceProtections.Add(protection);
        await db.SaveChangesAsync();
        return (protection, schedule);
    }

    public string? StoredScheduleHash(string name) =>
        Journey.Cluster.Store.Get("velero.io/v1", "Schedule", "velero", name) is { } s
            ? ScheduleSpecHash.Of(JsonSerializer.SerializeToElement(s["spec"]))
            : null;

    /// <summary>A run of the Schedule made now (as <c>velero backup create --from-schedule</c>): its template, its label.</summary>
    public string RunSchedule(string scheduleName)
    {
        var schedule = Journey.Cluster.Store.Get("velero.io/v1", "Schedule", "velero", scheduleName)!;
        var spec = schedule["spec"]!["template"]!.DeepClone().AsObject();
        var labels = spec["metadata"]?["labels"]?.DeepClone().AsObject() ?? new JsonObject();
        spec.Remove("metadata");
        labels["velero.io/schedule-name"] = scheduleName;
        var name = $"{scheduleName}-{DateTime.UtcNow.AddSeconds(++_runs):yyyyMMddHHmmss}";
        Journey.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero", ["labels"] = labels },
            ["spec"] = spec,
        });
        return name;
    }

    /// <summary>A backup someone made with the velero CLI.</summary>
    public string Backup(string name, string[] included, string[]? excluded = null)
    {
        var spec = new JsonObject { ["includedNamespaces"] = new JsonArray([.. included.Select(n => (JsonNode)n)]), ["ttl"] = "24h0m0s" };
        if (excluded is not null) spec["excludedNamespaces"] = new JsonArray([.. excluded.Select(n => (JsonNode)n)]);
        Journey.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
            ["spec"] = spec,
        });
        return name;
    }

    /// <summary>A backup another cluster made to a bucket this cluster reads through a read-only location: Velero syncs
    /// it in as it is, finished.</summary>
    public string SyncedBackup(string name, string ns, string location)
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-5);
        Journey.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject
            {
                ["name"] = name, ["namespace"] = "velero",
                ["labels"] = new JsonObject { ["velero.io/storage-location"] = location },
            },
            ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray(ns), ["storageLocation"] = location, ["ttl"] = "24h0m0s" },
            ["status"] = new JsonObject
            {
                ["phase"] = "Completed", ["startTimestamp"] = Stamp(started), ["completionTimestamp"] = Stamp(started.AddMinutes(1)),
                ["expiration"] = Stamp(started.AddDays(1)),
            },
        });
        return name;
    }

    public async Task<NamespaceStatus> StatusAsync(string ns)
    {
        await using var db = await Portal.OpenAllAsync();
        var reader = Portal.Services.GetRequiredService<NamespaceStatusReader>();
        return (await reader.ReadAsync(db, new NamespaceStatusFilter(ClusterId: Journey.ClusterId, Namespace: ns), DateTimeOffset.UtcNow, CancellationToken.None)).Single();
    }

    public Task<NamespaceStatus> StatusUntilAsync(string ns, Func<NamespaceStatus, bool> condition, string what, int timeoutMs = 20000) =>
        Eventually.UntilAsync<NamespaceStatus>(async () => (NamespaceStatus?)await StatusAsync(ns), condition, what, timeoutMs);

    public async Task<NamespaceProtection> ProtectionAsync(Guid id)
    {
        await using var db = await Portal.OpenAllAsync();
        return await db.NamespaceProtections.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    public async Task<List<ObservedBackup>> ObservedBackupsAsync()
    {
        await using var db = await Portal.OpenAllAsync();
        return await db.ObservedBackups.AsNoTracking().Where(b => b.ClusterId == Journey.ClusterId).ToListAsync();
    }

    public static string Stamp(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => Journey.DisposeAsync();
}
