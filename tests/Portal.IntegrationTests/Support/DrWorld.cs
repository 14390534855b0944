using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Tenants;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;

namespace Portal.IntegrationTests.Support;

/// <summary>Real PostgreSQL and the demo's two simulated clusters sharing object storage: <c>prod-east</c>, where the
/// tenant's namespaces are backed up, and <c>dr-west</c>, the DR site whose read-only location <c>prod-east</c> points at
/// prod-east's bucket (other storage and ingress classes: <c>fast-ssd</c> is <c>premium-ssd</c> there, no <c>alb</c>).
/// One tenant owns <c>shop-payments</c> and <c>storefront</c> on prod-east; its owner and SRE may restore on both
/// clusters, and a second owner holds the persona on prod-east only (a cluster scope).</summary>
public sealed class DrWorld : IAsyncDisposable
{
    public PostgresDatabase Database { get; private set; } = null!;
    public SimulatedObjectStorage Buckets { get; } = new();
    public SimulatedCluster Source { get; private set; } = null!;
    public SimulatedCluster Target { get; private set; } = null!;
    public PortalReplica Portal { get; private set; } = null!;
    public CurrentPrincipal Platform = null!, Owner = null!, Sre = null!, EastOwner = null!;
    public Guid TenantId, SourceId, TargetId, PaymentsId, StorefrontId;

    public static async Task<DrWorld> CreateAsync()
    {
        var w = new DrWorld();
        w.Database = await PostgresDatabase.CreateAsync();
        w.Source = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "prod-east", PhaseStepDelay = TimeSpan.FromMilliseconds(60), CrdDirectory = SharedCrds.Directory, ObjectStorage = w.Buckets,
        });
        w.Target = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "dr-west", PhaseStepDelay = TimeSpan.FromMilliseconds(60), CrdDirectory = SharedCrds.Directory, ObjectStorage = w.Buckets,
        });
        w.Portal = await PortalReplica.CreateAsync(w.Database.ConnectionString, "replica-a", migrate: true,
            settings: new Dictionary<string, string?> { ["Migrations:BackupSyncTimeout"] = "00:00:05" });
        await w.SeedAsync();
        return w;
    }

    private async Task SeedAsync()
    {
        Platform = await UserAsync("priya", "Priya Platform");
        Owner = await UserAsync("alice", "Alice Owner");
        Sre = await UserAsync("sam", "Sam Reliability");
        EastOwner = await UserAsync("eve", "Eve East");
        await using (var db = await Portal.OpenAllAsync())
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, Platform.UserId, Persona.PlatformEngineer, ScopeKind.Estate));
            await db.SaveChangesAsync();
        }
        As(Platform);
        SourceId = await RegisterAsync("prod-east", Source);
        TargetId = await RegisterAsync("dr-west", Target);
        TenantId = Ok(await Portal.RunAsync<CreateTenant, Result<Guid>>(u => u.HandleAsync(new CreateTenantCommand("webshop", "Webshop"))));
        PaymentsId = Ok(await Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(TenantId, SourceId, "shop-payments"))));
        StorefrontId = Ok(await Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(TenantId, SourceId, "storefront"))));
        await BindAsync(Owner, Persona.ApplicationOwner, null);
        await BindAsync(Sre, Persona.SreEngineer, null);
        Ok(await Portal.RunAsync<AddScopeBinding, Result<Guid>>(u => u.HandleAsync(
            new AddScopeBindingCommand(PrincipalKind.User, EastOwner.UserId, Persona.ApplicationOwner, ScopeKind.Cluster, null, SourceId))));
    }

    /// <summary>Someone who signed in and holds <paramref name="persona"/> in the tenant, on every cluster.</summary>
    public async Task<CurrentPrincipal> AddPersonAsync(string key, string name, Persona persona)
    {
        var who = await UserAsync(key, name);
        As(Platform);
        await BindAsync(who, persona, null);
        return who;
    }

    private async Task BindAsync(CurrentPrincipal who, Persona persona, Guid? clusterId) =>
        Ok(await Portal.RunAsync<AddScopeBinding, Result<Guid>>(u => u.HandleAsync(
            new AddScopeBindingCommand(PrincipalKind.User, who.UserId, persona, ScopeKind.Tenant, TenantId, clusterId))));

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

    public void As(CurrentPrincipal who) => Portal.Principal.Current = who;

    public static T Ok<T>(Result<T> result) => result.IsSuccess ? result.Value! : throw new InvalidOperationException(result.Error!.Message);

    /// <summary>The newest demo backup on prod-east (a Velero schedule's) that holds shop-payments.</summary>
    public string PaymentsBackup() =>
        Source.Store.List("velero.io/v1", "Backup", "velero")
            .Where(o => o["metadata"]?["labels"]?["velero.io/schedule-name"] is not null)
            .Select(o => o["metadata"]!["name"]!.GetValue<string>()).OrderDescending().First();

    /// <summary>A fresh backup of shop-payments on prod-east, which now also has an Ingress <c>pay</c> of class
    /// <paramref name="ingressClass"/>: dr-west has not synced it yet.</summary>
    public async Task<string> BackupWithIngressAsync(string ingressClass)
    {
        Source.Store.Put(new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1", ["kind"] = "Ingress",
            ["metadata"] = new JsonObject { ["name"] = "pay", ["namespace"] = "shop-payments" },
            ["spec"] = new JsonObject
            {
                ["ingressClassName"] = ingressClass,
                ["defaultBackend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = "payments-api", ["port"] = new JsonObject { ["number"] = 80 } } },
            },
        });
        Source.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = "payments-with-ingress", ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray("shop-payments"), ["storageLocation"] = "default" },
        });
        await TestSupport.Eventually.TrueAsync(() => Source.Store.Get("velero.io/v1", "Backup", "velero", "payments-with-ingress")?["status"]?["phase"]?.GetValue<string>() == "Completed",
            "the backup of shop-payments");
        return "payments-with-ingress";
    }

    public Task<Result<Guid>> SubmitDrRestoreAsync(string backup, string target, IReadOnlyDictionary<string, string>? storageClasses = null,
        IReadOnlyDictionary<string, string>? ingressClasses = null, CurrentPrincipal? who = null, Guid? namespaceId = null)
    {
        As(who ?? Owner);
        return Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u => u.HandleAsync(new SubmitRestoreRequestCommand(namespaceId ?? PaymentsId, backup, target,
            ExistingResourcePolicy.None, true, "the region is down", TargetClusterId: TargetId,
            StorageClassMap: storageClasses ?? new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, IngressClassMap: ingressClasses)));
    }

    public async Task ApproveAsync(Guid requestId)
    {
        As(Sre);
        Ok(await Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(requestId, true, null))));
    }

    /// <summary>Waits until the request ends; read as the owner, through the use case the request page uses.</summary>
    public async Task<RequestDetails> WaitForAsync(Guid requestId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        RequestDetails details;
        do
        {
            As(Owner);
            details = Ok(await Portal.RunAsync<GetRequestDetails, Result<RequestDetails>>(u => u.HandleAsync(new GetRequestDetailsQuery(requestId))));
            if (details.Summary.Status.IsTerminal()) return details;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Request {requestId} is still {details.Summary.Status}; timeline: " +
            string.Join(" | ", details.Timeline.Select(t => t.Title + (t.Detail is null ? "" : ": " + t.Detail))));
    }

    public static string Timeline(RequestDetails d) => string.Join(" | ", d.Timeline.Select(t => t.Title + (t.Detail is null ? "" : ": " + t.Detail)));

    public int RestoresOn(SimulatedCluster c, Guid requestId) =>
        c.Store.List("velero.io/v1", "Restore", "velero")
            .Count(o => o["metadata"]?["labels"]?["kubernetes-portal.io/request-id"]?.GetValue<string>() == requestId.ToString());

    public async Task<bool> TenantOwnsAsync(Guid clusterId, string ns)
    {
        await using var db = await Portal.OpenAllAsync();
        return await db.TenantNamespaces.AnyAsync(n => n.ClusterId == clusterId && n.Namespace == ns && n.TenantId == TenantId);
    }

    public static JsonObject Namespace(string name) => new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Target.DisposeAsync();
        await Source.DisposeAsync();
        await Database.DisposeAsync();
    }
}
