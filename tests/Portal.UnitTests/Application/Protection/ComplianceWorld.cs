using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Protection;
using Portal.Domain.Tenants;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application.Protection;

/// <summary>Every cluster port of the application, failing on any call and counting it: the compliance views must
/// answer from the database alone.</summary>
public class FailingClusterPort : DispatchProxy
{
    public static int Calls;

    public static T Create<T>() where T : class => Create<T, FailingClusterPort>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        Interlocked.Increment(ref Calls);
        throw new InvalidOperationException($"The compliance views must not call the cluster ({targetMethod?.Name}).");
    }
}

/// <summary>
/// The real application on in-memory SQLite, on a fake clock, with every cluster port failing. Two tenants on three
/// clusters: Webshop (minimum gold) owns shop-web (east, gold, good 1 h ago: Protected), shop-db (east, bronze, good
/// 2 h ago: Protected, below the minimum), shop-old (west, gold, good 5 h ago: At risk), shop-new (west, nothing:
/// Unprotected); Billing owns bill-api (east, bronze: Protected), bill-batch (west, nothing: Unprotected) and
/// bill-north (north). East's own resources are on gold. People: Sam (SRE) and Alice (owner) of Webshop, Bob (owner)
/// of Billing, Priya (platform engineer of the estate), Carl (storage administrator of cluster east).
/// </summary>
public sealed class ComplianceWorld : IAsyncDisposable
{
    private readonly SqliteConnection _keepAlive;

    private ComplianceWorld(ServiceProvider services, SqliteConnection keepAlive)
    {
        Services = services;
        _keepAlive = keepAlive;
    }

    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    public SwitchablePrincipal Principal => Services.GetRequiredService<SwitchablePrincipal>();
    public DateTimeOffset Now => Clock.GetUtcNow();

    public Guid Webshop, Billing, East, West, North, Gold, Bronze, ShopWeb, ShopDb, ShopOld, ShopNew, BillApi, ShopOldRequest;
    public CurrentPrincipal Sam = null!, Alice = null!, Bob = null!, Priya = null!, Carl = null!;

    public static async Task<ComplianceWorld> StartAsync()
    {
        var cs = $"Data Source=file:compliance-{Guid.NewGuid():N}?mode=memory&cache=shared";
        var keepAlive = new SqliteConnection(cs);
        await keepAlive.OpenAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalApplication();
        services.AddPortalInfrastructure(new DatabaseOptions { Provider = "Sqlite", ConnectionString = cs });
        services.AddSingleton<SwitchablePrincipal>();
        services.AddSingleton<ICurrentPrincipalProvider>(sp => sp.GetRequiredService<SwitchablePrincipal>());
        services.AddSingleton(FailingClusterPort.Create<IClusterGateway>());
        services.AddSingleton(FailingClusterPort.Create<IDatabaseWorkloadGateway>());
        services.AddSingleton(FailingClusterPort.Create<IMigrationClusterGateway>());
        services.AddSingleton(FailingClusterPort.Create<IProtectionGateway>());
        services.AddSingleton<IExecutionSignal, NoopSignal>();
        services.AddSingleton<IRequestStatusNotifier, CountingNotifier>();
        ComplianceWorld? world = null;
        services.AddSingleton<TimeProvider>(_ => world!.Clock);
        var provider = services.BuildServiceProvider();
        world = new ComplianceWorld(provider, keepAlive);
        await provider.GetRequiredService<IDatabaseMigrator>().MigrateAsync();
        await world.SeedAsync();
        return world;
    }

    public Task<IPortalDbContext> OpenAllAsync() => Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    public async Task<TResult> RunAsync<TUseCase, TResult>(CurrentPrincipal who, Func<TUseCase, Task<TResult>> call) where TUseCase : notnull
    {
        Principal.Current = who;
        await using var scope = Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    private async Task SeedAsync()
    {
        var now = Now;
        await using var db = await OpenAllAsync();
        var gold = new ProtectionPolicy("gold", ProtectionTarget.Namespace, new ProtectionPolicySettings("0 * * * *", "Etc/UTC", TimeSpan.FromDays(7),
            TimeSpan.FromHours(2), VolumeProtection.CsiSnapshotsMovedToObjectStorage, null, [], []), "seed", now);
        var bronze = new ProtectionPolicy("bronze", ProtectionTarget.Namespace, new ProtectionPolicySettings("0 2 * * *", "Europe/Berlin",
            TimeSpan.FromDays(30), TimeSpan.FromHours(26), VolumeProtection.FileSystemBackup, null, [], []), "seed", now);
        var clusterGold = new ProtectionPolicy("cluster-gold", ProtectionTarget.ClusterResources, new ProtectionPolicySettings("0 * * * *", "Etc/UTC",
            TimeSpan.FromDays(7), TimeSpan.FromHours(2), VolumeProtection.None, null, [], []), "seed", now);
        db.ProtectionPolicies.AddRange(gold, bronze, clusterGold);

        var webshop = new Tenant("webshop", "Webshop");
        webshop.RequireProtection(gold.Id);
        var billing = new Tenant("billing", "Billing");
        db.Tenants.AddRange(webshop, billing);
        var east = Cluster("east", now);
        var west = Cluster("west", now);
        var north = Cluster("north", now);
        north.RecordCapabilities(new ClusterCapabilities
        {
            VeleroInstalled = true, DiscoveredAt = now.AddHours(-3),
            BackupStorageLocations = [new BackupStorageLocationInfo("north-bsl", "Available", true, null)],
        });
        db.Clusters.AddRange(east, west, north);
        db.ProtectionPolicyGrants.AddRange(new ProtectionPolicyGrant(webshop.Id, gold.Id, "seed", now), new ProtectionPolicyGrant(webshop.Id, bronze.Id, "seed", now),
            new ProtectionPolicyGrant(billing.Id, bronze.Id, "seed", now));

        TenantNamespace Ns(Tenant t, Cluster c, string name)
        {
            var n = new TenantNamespace(t.Id, c.Id, name, now.AddDays(-60), "seed");
            db.TenantNamespaces.Add(n);
            return n;
        }
        NamespaceProtection Protect(Tenant? t, Cluster c, string ns, ProtectionPolicy p)
        {
            var protection = new NamespaceProtection(t?.Id ?? Guid.Empty, c.Id, ns, p, "seed", now.AddDays(-10));
            protection.RecordApplied(p, Guid.NewGuid(), "hash", now.AddDays(-10));
            db.NamespaceProtections.Add(protection);
            return protection;
        }
        void Good(Tenant? t, Cluster c, string ns, TimeSpan ago, RecoveryPointSource source = RecoveryPointSource.Scheduled) =>
            db.NamespaceRpoStates.Add(new NamespaceRpoState(t?.Id ?? Guid.Empty, c.Id, ns, now)
            {
                LastGoodAt = now - ago, LastGoodBackup = $"{ns}-backup", LastGoodSource = source, LastRunAt = now - ago, LastRunPhase = "Completed",
            });

        var shopWeb = Ns(webshop, east, "shop-web");
        Protect(webshop, east, "shop-web", gold);
        Good(webshop, east, "shop-web", TimeSpan.FromHours(1));
        var shopDb = Ns(webshop, east, "shop-db");
        Protect(webshop, east, "shop-db", bronze);
        Good(webshop, east, "shop-db", TimeSpan.FromHours(2));
        var shopOld = Ns(webshop, west, "shop-old");
        var old = Protect(webshop, west, "shop-old", gold);
        Good(webshop, west, "shop-old", TimeSpan.FromHours(5));
        var shopNew = Ns(webshop, west, "shop-new");
        var billApi = Ns(billing, east, "bill-api");
        Protect(billing, east, "bill-api", bronze);
        Good(billing, east, "bill-api", TimeSpan.FromHours(3));
        Ns(billing, west, "bill-batch");
        Ns(billing, north, "bill-north");
        Protect(null, east, "", clusterGold);
        Good(null, east, "", TimeSpan.FromMinutes(30));

        var eastBsl = new ObservedLocation(east.Id, LocationKind.BackupStorage, "default") { IsDefault = true, Provider = "aws", LastValidated = now.AddMinutes(-1) };
        eastBsl.RecordPhase("Available", now);
        var westBsl = new ObservedLocation(west.Id, LocationKind.BackupStorage, "default") { IsDefault = true, Provider = "aws", LastValidated = now.AddMinutes(-1) };
        westBsl.RecordPhase("Available", now);
        db.ObservedLocations.AddRange(eastBsl, westBsl,
            new ObservedLocation(east.Id, LocationKind.VolumeSnapshot, "csi") { Provider = "velero.io/csi", ObservedAt = now });

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        void Day(int daysAgo, Tenant? t, Cluster c, int p, int r, int u, int n) =>
            db.ComplianceDays.Add(new ComplianceDay(today.AddDays(-daysAgo), t?.Id ?? Guid.Empty, c.Id)
            { Protected = p, AtRisk = r, Unprotected = u, NonCompliant = n, RecordedAt = now });
        Day(1, webshop, east, 2, 0, 0, 1);
        Day(1, webshop, west, 0, 1, 1, 1);
        Day(1, billing, east, 1, 0, 0, 0);
        Day(1, null, east, 1, 0, 0, 0);
        Day(2, webshop, east, 1, 1, 0, 1);
        Day(30, webshop, east, 9, 9, 9, 9); // more than 30 days back (today is the 30th)

        Sam = Person(db, "Sam Reliability", Persona.SreEngineer, ScopeKind.Tenant, webshop.Id);
        Alice = Person(db, "Alice Owner", Persona.ApplicationOwner, ScopeKind.Tenant, webshop.Id);
        Bob = Person(db, "Bob Billing", Persona.ApplicationOwner, ScopeKind.Tenant, billing.Id);
        Priya = Person(db, "Priya Platform", Persona.PlatformEngineer, ScopeKind.Estate, null);
        Carl = Person(db, "Carl Storage", Persona.StorageAdministrator, ScopeKind.Cluster, null, east.Id);
        await db.SaveChangesAsync();

        (Webshop, Billing, East, West, North, Gold, Bronze) = (webshop.Id, billing.Id, east.Id, west.Id, north.Id, gold.Id, bronze.Id);
        (ShopWeb, ShopDb, ShopOld, ShopNew, BillApi, ShopOldRequest) = (shopWeb.Id, shopDb.Id, shopOld.Id, shopNew.Id, billApi.Id, old.LastRequestId!.Value);
    }

    private static Cluster Cluster(string name, DateTimeOffset now)
    {
        var c = new Cluster(name, $"https://{name}:6443", "x", ClusterAuthKind.BearerToken, "seed", now);
        c.RecordCapabilities(new ClusterCapabilities { VeleroInstalled = true, VeleroNamespace = "velero" });
        return c;
    }

    private static CurrentPrincipal Person(IPortalDbContext db, string name, Persona persona, ScopeKind scope, Guid? tenantId, Guid? clusterId = null)
    {
        var user = new PortalUser($"dev:{name}", name, "x@example.com");
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, scope, tenantId, clusterId));
        return new CurrentPrincipal(user.Id.ToString(), name, user.Email, []);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _keepAlive.DisposeAsync();
    }
}
