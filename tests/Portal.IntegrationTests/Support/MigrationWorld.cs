using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Tenants;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Moves.Playbooks;
using Portal.Moves.Transform;

namespace Portal.IntegrationTests.Support;

/// <summary>Real PostgreSQL, the demo's two simulated clusters (<c>prod-east</c> with the apps to move, <c>dr-west</c> the DR
/// site reading prod-east's Velero bucket), both registered over HTTPS as a platform engineer would, one tenant owning
/// the apps, and a builder of approved migration waves (the planning and approval use cases are written elsewhere, so
/// the rows are made with the domain's own methods).</summary>
public sealed class MigrationWorld : IAsyncDisposable
{
    private readonly List<PortalReplica> _replicas = [];
    private readonly Dictionary<string, string?> _settings = new();

    public PostgresDatabase Database { get; private set; } = null!;
    public SimulatedObjectStorage Buckets { get; } = new();
    public SimulatedCluster Source { get; private set; } = null!;
    public SimulatedCluster Target { get; private set; } = null!;
    public PortalReplica Portal { get; private set; } = null!;
    public CurrentPrincipal Platform = null!, Architect = null!, Approver = null!;
    public Guid TenantId, SourceId, TargetId;

    public static async Task<MigrationWorld> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var w = new MigrationWorld();
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) w._settings[k] = v;
        w.Database = await PostgresDatabase.CreateAsync();
        w.Source = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "prod-east", PhaseStepDelay = TimeSpan.FromMilliseconds(60), CrdDirectory = SharedCrds.Directory, ObjectStorage = w.Buckets,
        });
        w.Target = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "dr-west", PhaseStepDelay = TimeSpan.FromMilliseconds(60), CrdDirectory = SharedCrds.Directory, ObjectStorage = w.Buckets,
        });
        w.Portal = await w.AddReplicaAsync("replica-a", migrate: true);
        await w.SeedAsync();
        return w;
    }

    public async Task<PortalReplica> AddReplicaAsync(string workerId, TimeSpan? lease = null, bool migrate = false)
    {
        var replica = await PortalReplica.CreateAsync(Database.ConnectionString, workerId, lease, migrate, _settings);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>Starts the executor and the wave dispatcher of <paramref name="replica"/> (default: the first one).</summary>
    public async Task StartAsync(PortalReplica? replica = null)
    {
        replica ??= Portal;
        await replica.StartExecutorAsync();
        await replica.StartDispatcherAsync();
    }

    private async Task SeedAsync()
    {
        Platform = await UserAsync("priya", "Priya Platform");
        Architect = await UserAsync("mia", "Mia Migration");
        Approver = await UserAsync("pete", "Pete Platform");
        await using (var db = await Portal.OpenAllAsync())
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, Platform.UserId, Persona.PlatformEngineer, ScopeKind.Estate));
            await db.SaveChangesAsync();
        }
        Portal.Principal.Current = Platform;
        SourceId = await RegisterAsync("prod-east", Source);
        TargetId = await RegisterAsync("dr-west", Target);
        TenantId = Ok(await Portal.RunAsync<CreateTenant, Result<Guid>>(u => u.HandleAsync(new CreateTenantCommand("webshop", "Webshop"))));
        foreach (var ns in new[] { "catalog", "reports", "storefront", "inventory" })
            Ok(await Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(TenantId, SourceId, ns))));
    }

    private async Task<Guid> RegisterAsync(string name, SimulatedCluster cluster)
    {
        var health = Ok(await Portal.RunAsync<RegisterCluster, Result<ClusterHealthView>>(u =>
            u.HandleAsync(new RegisterClusterCommand(name, "simulated", cluster.Kubeconfig))));
        if (health.Health != ClusterHealth.Reachable) throw new InvalidOperationException($"Cluster {name} not reachable: {health.Message}");
        return health.ClusterId;
    }

    private async Task<CurrentPrincipal> UserAsync(string key, string name)
    {
        var id = Ok(await Portal.RunAsync<RecordSignIn, Result<Guid>>(u => u.HandleAsync(new RecordSignInCommand($"test:{key}", name, $"{key}@example.test"))));
        return new CurrentPrincipal(id.ToString(), name, $"{key}@example.test", []);
    }

    public static T Ok<T>(Result<T> result) => result.IsSuccess ? result.Value! : throw new InvalidOperationException(result.Error!.Message);

    /// <summary>One application of a planned wave.</summary>
    public sealed record AppSpec(string Namespace, MigrationPlaybook Playbook, GitOpsReference? GitOps = null,
        IReadOnlyDictionary<string, string>? StorageClasses = null, string? TargetNamespace = null);

    public static AppSpec Catalog => new("catalog", MigrationPlaybook.ExportTransformApply);
    public static AppSpec Reports => new("reports", MigrationPlaybook.VeleroBackupRestore,
        StorageClasses: new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" });
    public static AppSpec Storefront => new("storefront", MigrationPlaybook.GitOpsRedeploy, new GitOpsReference(GitOpsKind.ArgoCdApplication, "storefront", "argocd"));

    public sealed record BuiltWave(Guid PlanId, Guid WaveId, IReadOnlyDictionary<string, Guid> Apps, IReadOnlyDictionary<string, Guid> Requests);

    /// <summary>A plan with one approved wave moving <paramref name="apps"/> from prod-east to dr-west, as the approval
    /// leaves it: the wave Scheduled, each application Waiting with its ApplicationMigration request Approved. All of it
    /// happens <paramref name="at"/> (default: now), so a wave can have been approved in a window that has closed since.</summary>
    public async Task<BuiltWave> ApprovedWaveAsync(IReadOnlyList<AppSpec> apps, int concurrencyLimit = 3, DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null, int order = 1, Guid? planId = null, DateTimeOffset? at = null)
    {
        var now = at ?? DateTimeOffset.UtcNow;
        await using var db = await Portal.OpenAllAsync();
        var plan = planId is { } pid ? await db.MigrationPlans.FirstAsync(p => p.Id == pid)
            : new MigrationPlan("DR consolidation", null, SourceId, TargetId, Architect.UserId, Architect.DisplayName, now);
        if (planId is null) db.MigrationPlans.Add(plan);
        var wave = new MigrationWave(plan.Id, order, $"Wave {order}", notBefore ?? now.AddMinutes(-1), notAfter ?? now.AddHours(2), concurrencyLimit, now);
        db.MigrationWaves.Add(wave);
        var built = new List<(MigrationApplication App, OperationRequest Request)>();
        foreach (var spec in apps)
        {
            var app = new MigrationApplication(plan, wave, TenantId, spec.Namespace, spec.TargetNamespace ?? spec.Namespace, spec.GitOps, now);
            app.RecordInspection(new ApplicationClassification(spec.Playbook != MigrationPlaybook.VeleroBackupRestore, spec.Playbook == MigrationPlaybook.VeleroBackupRestore,
                false, spec.GitOps is not null, "inspected by the test", [], [], []),
                new PlaybookRecommendation(spec.Playbook, "chosen by the test", []), now);
            if (spec.StorageClasses is not null || spec.TargetNamespace is not null)
                app.ChangeMappings(wave, spec.TargetNamespace ?? spec.Namespace, MigrationMappings.None with { StorageClasses = spec.StorageClasses ?? new Dictionary<string, string>() }, now);
            app.RecordPreflight(wave, [], "", 0, [], [], now);
            db.MigrationApplications.Add(app);
            built.Add((app, null!));
        }
        wave.Submit(Architect.UserId, Architect.DisplayName, now);
        for (var i = 0; i < built.Count; i++)
        {
            var app = built[i].App;
            var request = OperationRequest.ForMigration(RequestKind.ApplicationMigration, TenantId, SourceId, app.SourceNamespace,
                new MigrationRequestParameters(plan.Id, wave.Id, app.Id), Approver.UserId, Approver.DisplayName, $"Wave {order}", now);
            request.Submit(needsApproval: false, now);
            db.Requests.Add(request);
            app.Schedule(request.Id, now);
            built[i] = (app, request);
        }
        wave.Approve(plan, Approver.UserId, Approver.DisplayName, "go", now);
        await db.SaveChangesAsync();
        return new BuiltWave(plan.Id, wave.Id, built.ToDictionary(b => b.App.SourceNamespace, b => b.App.Id),
            built.ToDictionary(b => b.App.SourceNamespace, b => b.Request.Id));
    }

    /// <summary>As the rollback use case will: an Approved MigrationRollback request, and the application told.</summary>
    public async Task<Guid> AskRollbackAsync(BuiltWave wave, string ns)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = DateTimeOffset.UtcNow;
            await using var db = await Portal.OpenAllAsync();
            var app = await db.MigrationApplications.FirstAsync(a => a.Id == wave.Apps[ns]);
            var request = OperationRequest.ForMigration(RequestKind.MigrationRollback, TenantId, SourceId, ns,
                new MigrationRequestParameters(wave.PlanId, wave.WaveId, app.Id), Approver.UserId, Approver.DisplayName, "roll back", now);
            request.Submit(needsApproval: false, now);
            db.Requests.Add(request);
            app.RequestRollback(request.Id, Approver.DisplayName, now);
            try
            {
                await db.SaveChangesAsync();
                return request.Id;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                // the executor wrote the application meanwhile; the use case would say "try again", the test does
            }
        }
    }

    public async Task<MigrationApplication> AppAsync(Guid id)
    {
        await using var db = await Portal.OpenAllAsync();
        return await db.MigrationApplications.AsNoTracking().FirstAsync(a => a.Id == id);
    }

    public async Task<MigrationWave> WaveAsync(Guid id)
    {
        await using var db = await Portal.OpenAllAsync();
        return await db.MigrationWaves.AsNoTracking().FirstAsync(w => w.Id == id);
    }

    public async Task<OperationRequest> RequestAsync(Guid id)
    {
        await using var db = await Portal.OpenAllAsync();
        return await db.Requests.AsNoTracking().FirstAsync(r => r.Id == id);
    }

    public async Task<List<string>> AuditActionsAsync()
    {
        await using var db = await Portal.OpenAllAsync();
        return await db.AuditEvents.AsNoTracking().OrderBy(a => a.At).Select(a => a.Action).ToListAsync();
    }

    /// <summary>Waits until the wave satisfies <paramref name="until"/>; the message lists every application's state.</summary>
    public async Task<MigrationWave> WaitForWaveAsync(Guid waveId, Func<MigrationWave, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var wave = await WaveAsync(waveId);
            if (until(wave)) return wave;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Wave is {wave.Status}; {await DescribeAsync(waveId)}");
            await Task.Delay(200);
        }
    }

    public async Task<MigrationApplication> WaitForAppAsync(Guid appId, Func<MigrationApplication, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var app = await AppAsync(appId);
            if (until(app)) return app;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(Describe(app));
            await Task.Delay(100);
        }
    }

    public async Task<string> DescribeAsync(Guid waveId)
    {
        await using var db = await Portal.OpenAllAsync();
        var apps = await db.MigrationApplications.AsNoTracking().Where(a => a.WaveId == waveId).ToListAsync();
        return string.Join(" || ", apps.Select(Describe));
    }

    public static string Describe(MigrationApplication a) =>
        $"{a.SourceNamespace}: {a.Status} ({a.StatusDetail}) steps: " + string.Join(", ", a.Steps.Select(s => $"{s.Step}={s.Status} [{s.Detail}]"))
        + (a.RollbackSteps.Count > 0 ? " rollback: " + string.Join(", ", a.RollbackSteps.Select(s => $"{s.Step}={s.Status} [{s.Detail}]")) : "");

    public static int? Replicas(SimulatedCluster c, string kind, string ns, string name) =>
        Int(c.Store.Get("apps/v1", kind, ns, name)?["spec"]?["replicas"]);

    public static int? Int(JsonNode? node) => node is null ? null : int.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    public static JsonNode? Get(SimulatedCluster c, string apiVersion, string kind, string? ns, string name) => c.Store.Get(apiVersion, kind, ns, name);

    public static IReadOnlyList<JsonNode> List(SimulatedCluster c, string apiVersion, string kind, string? ns) =>
        c.Store.List(apiVersion, kind, ns).Cast<JsonNode>().ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var r in _replicas) await r.DisposeAsync();
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        await Database.DisposeAsync();
    }
}
