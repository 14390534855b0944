using Portal.TestSupport;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;

namespace Portal.Web.Tests.Support;

/// <summary>bUnit context over the REAL application services and an in-memory SQLite database, with a
/// switchable signed-in user and a fake cluster. Seeds tenant "webshop" owning namespace "shop" on
/// cluster "prod-east", an application owner (Alice), two SREs of the tenant (Sam, Sue) and a database
/// engineer (Dan); the fake database gateway runs CloudNativePG "shop-db" in "shop".</summary>
public abstract class PortalTestContext : BunitContext, IAsyncLifetime
{
    private readonly SqliteConnection _keepAlive;

    protected SwitchablePrincipal Principal { get; } = new();
    protected FakeClusterGateway Gateway { get; } = new();
    /// <summary>What the restore form reads of the clusters beyond Velero: facts, claims, Ingresses, GitOps objects.</summary>
    protected RestoreTargetsGateway Targets { get; } = new();
    protected FakeDatabaseWorkloadGateway DatabaseGateway { get; } = new();
    protected CountingExecutionSignal Signal { get; } = new();

    protected CurrentPrincipal Alice { get; private set; } = CurrentPrincipal.Anonymous;
    protected CurrentPrincipal Sam { get; private set; } = CurrentPrincipal.Anonymous;
    protected CurrentPrincipal Sue { get; private set; } = CurrentPrincipal.Anonymous;
    protected CurrentPrincipal Dan { get; private set; } = CurrentPrincipal.Anonymous;
    protected Guid TenantId { get; private set; }
    protected Guid ShopNamespaceId { get; private set; }

    protected PortalTestContext()
    {
        var connectionString = $"Data Source=file:{Guid.NewGuid():N}?mode=memory&cache=shared";
        _keepAlive = new SqliteConnection(connectionString);
        _keepAlive.Open();

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.PopoverOptions.CheckForPopoverProvider = false;
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddLogging();
        Services.AddPortalApplication();
        Services.AddPortalInfrastructure(new DatabaseOptions { Provider = "Sqlite", ConnectionString = connectionString });
        Services.AddSingleton<ICurrentPrincipalProvider>(Principal);
        Services.AddSingleton<IClusterGateway>(Gateway);
        Services.AddSingleton<IMigrationClusterGateway>(Targets);
        Services.AddSingleton<IDatabaseWorkloadGateway>(DatabaseGateway);
        Services.AddSingleton<IRestorePreviewGateway>(Previews);
        Services.AddSingleton<ISnapshotClusterGateway>(Snapshots);
        Services.AddSingleton<IStorageInventoryGateway>(StorageInventory);
        Services.AddSingleton<IExecutionSignal>(Signal);
        Services.AddSingleton<INotificationTransport>(Notifications);
        Services.AddSingleton<IRequestStatusNotifier, Portal.Web.Notifications.RequestStatusNotifier>();
        Services.AddSingleton<IDatabaseActivityNotifier, SimpleDatabaseActivityNotifier>();
        Services.AddSingleton<IProtectionStatusNotifier>(Protections);
    }

    protected SimpleProtectionStatusNotifier Protections { get; } = new();

    protected Portal.TestSupport.FakeNotificationTransport Notifications { get; } = new();

    protected FakeRestorePreviewGateway Previews { get; } = new();

    protected FakeSnapshotClusterGateway Snapshots { get; } = new();

    /// <summary>The cluster's storage, and the snapshot classes "snapshot now" checks against.</summary>
    protected FakeStorageInventoryGateway StorageInventory { get; } = new();

    public async Task InitializeAsync()
    {
        await Services.GetRequiredService<IDatabaseMigrator>().MigrateAsync();
        var protector = Services.GetRequiredService<ICredentialProtector>();
        var now = DateTimeOffset.UtcNow;
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

        var tenant = new Tenant("webshop", "Webshop");
        var cluster = new Cluster("prod-east", "https://fake:6443", protector.Protect("kubeconfig"), ClusterAuthKind.BearerToken, "test", now);
        cluster.RecordHealth(ClusterHealth.Reachable, null, "v1.30.0", now);
        cluster.RecordCapabilities(new ClusterCapabilities { VeleroInstalled = true, VeleroNamespace = "velero" });
        var shop = new TenantNamespace(tenant.Id, cluster.Id, "shop", now, "test");
        db.Tenants.Add(tenant);
        db.Clusters.Add(cluster);
        db.TenantNamespaces.Add(shop);

        Alice = AddUser(db, "alice", "Alice Owner", Persona.ApplicationOwner, tenant.Id);
        Sam = AddUser(db, "sam", "Sam Reliability", Persona.SreEngineer, tenant.Id);
        Sue = AddUser(db, "sue", "Sue Recovery", Persona.SreEngineer, tenant.Id);
        Dan = AddUser(db, "dan", "Dan Database", Persona.DatabaseEngineer, tenant.Id);
        await db.SaveChangesAsync();

        TenantId = tenant.Id;
        ShopNamespaceId = shop.Id;
        Principal.Current = Alice;
    }

    private static CurrentPrincipal AddUser(IPortalDbContext db, string key, string name, Persona persona, Guid tenantId)
    {
        var user = new PortalUser($"dev:{key}", name, $"{key}@webshop.example");
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, ScopeKind.Tenant, tenantId));
        return new CurrentPrincipal(user.Id.ToString(), name, user.Email, []);
    }

    /// <summary>Submits a restore of "shop" into a new namespace through the real use case, as <paramref name="requester"/>.</summary>
    protected async Task<Guid> SubmitRestoreAsAsync(CurrentPrincipal requester, string target = "shop-copy")
    {
        var previous = Principal.Current;
        Principal.Current = requester;
        var result = await Services.GetRequiredService<SubmitRestoreRequest>().HandleAsync(
            new SubmitRestoreRequestCommand(ShopNamespaceId, "daily-20261120", target, ExistingResourcePolicy.None, true, "test"));
        Principal.Current = previous;
        return result.ValueOrThrow();
    }

    protected async Task<OperationRequest?> FindRequestAsync(Guid id)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
    }

    protected async Task<List<OperationRequest>> AllRequestsAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await db.Requests.AsNoTracking().ToListAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _keepAlive.DisposeAsync();
    }
}
