using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Tenants;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Execution.Databases;

namespace Portal.IntegrationTests.Support;

/// <summary>A <see cref="JourneyWorld"/> with a database engineer of the tenant (Dana) and a PostgreSQL 16 database,
/// orders-db, registered in shop-frontend with the namespace's demo Secret; helpers for schedules, dumps and runs.</summary>
public sealed class DatabaseWorld : IAsyncDisposable
{
    private DatabaseWorld(JourneyWorld world) => World = world;

    public JourneyWorld World { get; }
    public CurrentPrincipal Dba { get; private set; } = null!;
    public Guid DatabaseId { get; private set; }

    public static async Task<DatabaseWorld> CreateAsync(TimeProvider? clusterTime = null, TimeSpan? phaseStep = null)
    {
        var w = new DatabaseWorld(await JourneyWorld.CreateAsync(phaseStep, clusterTime));
        w.Dba = await w.World.AddPersonAsync("dana", "Dana Database", Persona.DatabaseEngineer);
        w.DatabaseId = await w.RegisterAsync(w.World.NamespaceId, new RegisterDatabaseCommand(w.World.NamespaceId, "orders-db", DatabaseEngine.PostgreSql,
            "orders-pg", 5432, ["orders"], "shop-frontend-credentials", "username", "password", 16));
        return w;
    }

    /// <summary>A schedule of orders-db onto a claim the portal creates; returns the schedule and its apply request.</summary>
    public Task<DumpScheduleCreated> ScheduleAsync(string name = "nightly", string cron = "0 2 * * *", string claim = "orders-dumps", Guid? database = null,
        DumpDestination? destination = null) =>
        Act<CreateDumpSchedule, DumpScheduleCreated>(u => u.HandleAsync(new CreateDumpScheduleCommand(database ?? DatabaseId, name, DumpMethod.NativeTool, cron, "Etc/UTC",
            DatabaseName: "orders", Postgres: new PostgresDumpOptions(),
            Destination: destination ?? new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, claim, CreatePvc: true, StorageClass: "standard", SizeGi: 5),
            Retention: new DumpRetention(7, null))));

    /// <summary>A Secret with S3 keys (the names the AWS CLI reads) in <paramref name="ns"/> of the simulated cluster.</summary>
    public void PutS3Secret(string name, string ns = "shop-frontend") => World.Cluster.Store.Put(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["type"] = "Opaque",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { ["AWS_ACCESS_KEY_ID"] = Base64("AKIASIMULATED"), ["AWS_SECRET_ACCESS_KEY"] = Base64("simulated-secret") },
    });

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>shop-payments (with the demo CloudNativePG Cluster shop-db) claimed for the tenant and shop-db registered.</summary>
    public async Task<Guid> RegisterOperatorDatabaseAsync()
    {
        World.As(World.Platform);
        var ns = JourneyWorld.Ok(await World.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u =>
            u.HandleAsync(new ClaimNamespaceCommand(World.TenantId, World.ClusterId, "shop-payments"))));
        return await RegisterAsync(ns, new RegisterDatabaseCommand(ns, "shop-db", DatabaseEngine.PostgreSql, "shop-db-rw", 5432, ["app"],
            "shop-db-app", "username", "password", 16, DatabaseSource.CloudNativePgCluster, "cluster/shop-db"));
    }

    public Task<Guid> DumpNowAsync(Guid scheduleId) => Act<RunDumpNow, Guid>(u => u.HandleAsync(new RunDumpNowCommand(scheduleId)));

    /// <summary>Runs the request to its end on the portal's executor (started once).</summary>
    public async Task<Portal.Application.Features.Requests.Details.RequestDetails> CompleteAsync(Guid requestId)
    {
        if (!_started)
        {
            await World.Portal.StartExecutorAsync();
            _started = true;
        }

        return await World.WaitForAsync(requestId);
    }

    private bool _started;

    public async Task<TResult> Act<TUseCase, TResult>(Func<TUseCase, Task<Result<TResult>>> call) where TUseCase : notnull
    {
        World.As(Dba);
        return JourneyWorld.Ok(await World.Portal.RunAsync(call));
    }

    public async Task<List<DumpArtifact>> ArtifactsAsync(Guid scheduleId)
    {
        await using var db = await World.Portal.OpenAllAsync();
        return await db.DumpArtifacts.AsNoTracking().Where(a => a.ScheduleId == scheduleId).OrderBy(a => a.JobName).ToListAsync();
    }

    public async Task<DumpSchedule> ScheduleOfAsync(Guid scheduleId)
    {
        await using var db = await World.Portal.OpenAllAsync();
        return await db.DumpSchedules.AsNoTracking().FirstAsync(s => s.Id == scheduleId);
    }

    public async Task<string?> ResultJsonAsync(Guid requestId)
    {
        await using var db = await World.Portal.OpenAllAsync();
        return await db.Requests.AsNoTracking().Where(r => r.Id == requestId).Select(r => r.ResultJson).FirstAsync();
    }

    /// <summary>One round of the dump tracker, awaited to its end.</summary>
    public Task TrackOnceAsync() => World.Portal.Services.GetRequiredService<DumpRunTracker>().TrackOnceAsync(CancellationToken.None);

    public IReadOnlyList<JsonObject> Objects(string apiVersion, string kind, string ns = "shop-frontend") => World.Cluster.Store.List(apiVersion, kind, ns);

    public IReadOnlyList<JsonObject> JobsLabelled(string label, string value, string ns = "shop-frontend") =>
        Objects("batch/v1", "Job", ns).Where(j => j["metadata"]?["labels"]?[label]?.GetValue<string>() == value).ToList();

    /// <summary>Checks <paramref name="obj"/> strictly against the schema the simulator serves for its kind, and that this
    /// schema is the real upstream one (read from <paramref name="sourceFile"/> in shared/crds), not a stand-in.</summary>
    public void AssertValid(string apiVersion, string kind, JsonObject obj, string sourceFile)
    {
        var definition = World.Cluster.Catalog.Find(apiVersion, kind);
        Assert.NotNull(definition?.Schema);
        Assert.Contains(sourceFile, definition!.Source, StringComparison.Ordinal);
        Assert.Empty(World.Cluster.Catalog.Validate(apiVersion, kind, obj, strict: true));
    }

    private async Task<Guid> RegisterAsync(Guid ns, RegisterDatabaseCommand cmd) =>
        await Act<RegisterDatabase, Guid>(u => u.HandleAsync(cmd with { TenantNamespaceId = ns }));

    /// <summary>Another simulated cluster of the tenant, with shop-frontend claimed and an orders-db registered in it.</summary>
    public async Task<(SimulatedCluster Cluster, Guid DatabaseId)> AddClusterAsync(string name, TimeProvider? clusterTime = null)
    {
        var cluster = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = name, PhaseStepDelay = TimeSpan.FromMilliseconds(60), CrdDirectory = SharedCrds.Directory, TimeProvider = clusterTime,
        });
        _extraClusters.Add(cluster);
        World.As(World.Platform);
        var health = JourneyWorld.Ok(await World.Portal.RunAsync<RegisterCluster, Result<ClusterHealthView>>(u =>
            u.HandleAsync(new RegisterClusterCommand(name, "simulated", cluster.Kubeconfig))));
        var ns = JourneyWorld.Ok(await World.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u =>
            u.HandleAsync(new ClaimNamespaceCommand(World.TenantId, health.ClusterId, "shop-frontend"))));
        var database = await RegisterAsync(ns, new RegisterDatabaseCommand(ns, "orders-db", DatabaseEngine.PostgreSql, "orders-pg", 5432, ["orders"],
            "shop-frontend-credentials", "username", "password", 16));
        return (cluster, database);
    }

    private readonly List<SimulatedCluster> _extraClusters = [];

    public async ValueTask DisposeAsync()
    {
        await World.DisposeAsync();
        foreach (var cluster in _extraClusters) await cluster.DisposeAsync();
    }
}
