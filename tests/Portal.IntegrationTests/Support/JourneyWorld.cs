using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Features.Tenants;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;

namespace Portal.IntegrationTests.Support;

/// <summary>A real PostgreSQL database, a simulated cluster reached over HTTPS through KubernetesClient,
/// and the people of one tenant, all set up through the application's own use cases.</summary>
public sealed class JourneyWorld : IAsyncDisposable
{
    private readonly List<PortalReplica> _replicas = [];

    public PostgresDatabase Database { get; private set; } = null!;
    public SimulatedCluster Cluster { get; private set; } = null!;
    public PortalReplica Portal { get; private set; } = null!;
    public CurrentPrincipal Platform = null!, Owner = null!, Sre = null!;
    public Guid TenantId, ClusterId, NamespaceId;

    /// <param name="clusterTime">The simulated cluster's clock (its CronJobs and ScheduledBackups run on it); null = the system's.</param>
    public static async Task<JourneyWorld> CreateAsync(TimeSpan? phaseStep = null, TimeProvider? clusterTime = null)
    {
        var w = new JourneyWorld();
        w.Database = await PostgresDatabase.CreateAsync();
        w.Cluster = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "prod-east", PhaseStepDelay = phaseStep ?? TimeSpan.FromMilliseconds(60), CrdDirectory = SharedCrds.Directory,
            TimeProvider = clusterTime,
        });
        w.Portal = await w.AddReplicaAsync("replica-a", migrate: true);
        await w.SeedAsync();
        return w;
    }

    public async Task<PortalReplica> AddReplicaAsync(string workerId, TimeSpan? lease = null, bool migrate = false,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var replica = await PortalReplica.CreateAsync(Database.ConnectionString, workerId, lease, migrate, settings);
        _replicas.Add(replica);
        return replica;
    }

    private async Task SeedAsync()
    {
        Platform = await UserAsync("priya", "Priya Platform");
        Owner = await UserAsync("alice", "Alice Owner");
        Sre = await UserAsync("sam", "Sam Reliability");
        await using (var db = await Portal.OpenAllAsync())
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, Platform.UserId, Persona.PlatformEngineer, ScopeKind.Estate));
            await db.SaveChangesAsync();
        }
        As(Platform);
        var health = Ok(await Portal.RunAsync<RegisterCluster, Result<ClusterHealthView>>(u =>
            u.HandleAsync(new RegisterClusterCommand("prod-east", "simulated", Cluster.Kubeconfig))));
        if (health.Health != ClusterHealth.Reachable) throw new InvalidOperationException($"Cluster not reachable: {health.Message}");
        ClusterId = health.ClusterId;
        TenantId = Ok(await Portal.RunAsync<CreateTenant, Result<Guid>>(u => u.HandleAsync(new CreateTenantCommand("webshop", "Webshop"))));
        NamespaceId = Ok(await Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(TenantId, ClusterId, "shop-frontend"))));
        Ok(await Portal.RunAsync<AddScopeBinding, Result<Guid>>(u => u.HandleAsync(
            new AddScopeBindingCommand(PrincipalKind.User, Owner.UserId, Persona.ApplicationOwner, ScopeKind.Tenant, TenantId, null))));
        Ok(await Portal.RunAsync<AddScopeBinding, Result<Guid>>(u => u.HandleAsync(
            new AddScopeBindingCommand(PrincipalKind.User, Sre.UserId, Persona.SreEngineer, ScopeKind.Tenant, TenantId, null))));
    }

    /// <summary>Someone who signed in and holds <paramref name="persona"/> in the tenant.</summary>
    public async Task<CurrentPrincipal> AddPersonAsync(string key, string name, Persona persona)
    {
        var who = await UserAsync(key, name);
        As(Platform);
        Ok(await Portal.RunAsync<AddScopeBinding, Result<Guid>>(u => u.HandleAsync(
            new AddScopeBindingCommand(PrincipalKind.User, who.UserId, persona, ScopeKind.Tenant, TenantId, null))));
        return who;
    }

    private async Task<CurrentPrincipal> UserAsync(string key, string name)
    {
        var id = Ok(await Portal.RunAsync<RecordSignIn, Result<Guid>>(u => u.HandleAsync(new RecordSignInCommand($"test:{key}", name, $"{key}@example.test"))));
        return new CurrentPrincipal(id.ToString(), name, $"{key}@example.test", []);
    }

    public void As(CurrentPrincipal who)
    {
        foreach (var r in _replicas) r.Principal.Current = who;
    }

    public static T Ok<T>(Result<T> result) => result.IsSuccess ? result.Value! : throw new InvalidOperationException(result.Error!.Message);

    /// <summary>Waits until the request reaches a terminal status (or <paramref name="until"/> holds).</summary>
    public async Task<RequestDetails> WaitForAsync(Guid requestId, Func<RequestDetails, bool>? until = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        RequestDetails details;
        do
        {
            As(Owner);
            details = Ok(await Portal.RunAsync<GetRequestDetails, Result<RequestDetails>>(u => u.HandleAsync(new GetRequestDetailsQuery(requestId))));
            if (until?.Invoke(details) ?? details.Summary.Status.IsTerminal()) return details;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Request {requestId} is still {details.Summary.Status} ({details.Summary.Phase}); timeline: " +
            string.Join(" | ", details.Timeline.Select(t => t.Title + (t.Detail is null ? "" : ": " + t.Detail))));
    }

    public int VeleroObjectsFor(Guid requestId, string kind) =>
        Cluster.Store.List("velero.io/v1", kind, "velero")
            .Count(o => o["metadata"]?["labels"]?["kubernetes-portal.io/request-id"]?.GetValue<string>() == requestId.ToString());

    /// <summary>A backup the simulated Velero schedule made (not the portal) that contains shop-frontend.</summary>
    public string ScheduleBackupName() =>
        Cluster.Store.List("velero.io/v1", "Backup", "velero")
            .Where(o => o["metadata"]?["labels"]?["velero.io/schedule-name"] is not null)
            .Select(o => o["metadata"]!["name"]!.GetValue<string>()).OrderDescending().First();

    public async Task<List<string>> AuditActionsAsync(string targetId)
    {
        await using var db = await Portal.OpenAllAsync();
        return await db.AuditEvents.Where(a => a.TargetId == targetId).OrderBy(a => a.At).Select(a => a.Action).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var r in _replicas) await r.DisposeAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
