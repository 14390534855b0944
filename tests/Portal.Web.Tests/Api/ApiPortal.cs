using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.TestHost;
using Microsoft.IdentityModel.Tokens;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Tokens;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Web.Tests.Http;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests.Api;

/// <summary>The real portal on Kestrel (a loopback port: real HTTP) on its own PostgreSQL database, Production, without the demo and
/// without the executor (requests stay as the API left them). Two tenants on one cluster: Webshop (Alice owner, Sam SRE, Dana owner,
/// Priya platform engineer, Dave DB engineer, Archie migration architect, Stan storage admin, Paul platform engineer, Dina DB engineer)
/// and Billing (Bob owner, Bert DB engineer); Webshop's backups need an SRE's approval. A second cluster is where migrations go, a third
/// (dr-west) where restores to another cluster go. Billing has a pending request and a migration plan whose wave waits for approval;
/// shop-frontend has a last good backup three days old (At risk). The cluster answers with canned Velero backups (<see cref="ShopBackup"/>,
/// <see cref="BillingBackup"/>) and restore previews; each tenant has a registered database with a dump schedule; Webshop's has dumps.
/// Tokens are made by the real use case, as each person.</summary>
public sealed class ApiPortal : IAsyncLifetime
{
    public const int PermitLimit = 40;
    public const string EntraAudience = "api://portal-api-test";
    public const string EntraIssuer = "https://login.microsoftonline.com/test-tenant/v2.0";
    public static readonly SymmetricSecurityKey EntraKey = new(RandomNumberGenerator.GetBytes(32));
    /// <summary>The pipeline's Entra application, bound to Webshop as an application owner (a binding of kind Group, like a group's).</summary>
    public static readonly Guid PipelineAppId = Guid.NewGuid();
    public const string ShopBackup = "shop-frontend-daily";
    public const string BillingBackup = "billing-api-daily";
    public const string FailedShopBackup = "shop-frontend-broken";
    public const int ShopDumps = 3;
    private string _admin = "";
    private string _database = "";
    private WebApplicationFactory<Program>? _factory;

    public Uri BaseUrl { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;
    public Guid Webshop { get; private set; }
    public Guid Billing { get; private set; }
    public Guid ShopNamespace { get; private set; }
    public Guid BillingNamespace { get; private set; }
    public Guid TargetCluster { get; private set; }
    /// <summary>Billing's request waiting for approval, its migration plan and that plan's wave waiting for approval.</summary>
    public Guid BillingRequest { get; private set; }
    public Guid BillingPlan { get; private set; }
    public Guid BillingWave { get; private set; }
    /// <summary>A second cluster (no tenant namespaces), for restores to another cluster.</summary>
    public Guid DrCluster { get; private set; }
    public Guid ShopDatabase { get; private set; }
    public Guid ShopSchedule { get; private set; }
    /// <summary>A second database of Webshop, with a schedule of its own.</summary>
    public Guid CacheDatabase { get; private set; }
    public Guid CacheSchedule { get; private set; }
    public Guid BillingDatabase { get; private set; }
    public Guid BillingSchedule { get; private set; }
    public Dictionary<string, PortalUser> Users { get; } = [];

    /// <summary>Every id of Billing's the walk aims at (the walk swaps them for a made-up id, and looks for them in every answer).</summary>
    public IReadOnlyList<Guid> BillingIds => [Billing, BillingNamespace, BillingRequest, BillingPlan, BillingWave, BillingDatabase, BillingSchedule];

    /// <summary>The people of Webshop the authorization walk calls with, one per persona.</summary>
    public static readonly IReadOnlyDictionary<Persona, string> WebshopPersonas = new Dictionary<Persona, string>
    {
        [Persona.ApplicationOwner] = "alice", [Persona.SreEngineer] = "sam", [Persona.PlatformEngineer] = "priya",
        [Persona.DatabaseEngineer] = "dave", [Persona.MigrationArchitect] = "archie", [Persona.StorageAdministrator] = "stan",
    };

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PORTAL_TEST_POSTGRES is not set: run the tests with `bash tests/run-all.sh`, which starts a throwaway PostgreSQL.");
        _database = $"portal_api_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(_admin))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", conn);
            await create.ExecuteNonQueryAsync();
        }
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ToString(),
            ["Database__MigrateOnStart"] = "true",
            ["Demo__Enabled"] = "false",
            ["Execution__Enabled"] = "false",
            ["Authentication__DevelopmentSignIn__Enabled"] = "true", // a sign-in must be configured outside Development; the API ignores it
            ["DataProtection__Certificate__Path"] = ProductionPortal.MakePem().Cert,
            ["DataProtection__Certificate__KeyPath"] = ProductionPortal.MakePem().Key,
            ["Api__RateLimit__PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api__RateLimit__WindowSeconds"] = "60",
            // Entra ID app-only tokens, validated against a key of this test instead of Entra's metadata.
            ["Api__EntraApp__Audience"] = EntraAudience,
        };
        foreach (var (k, v) in settings) Environment.SetEnvironmentVariable(k, v);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseUrls("http://127.0.0.1:0");
            b.ConfigureTestServices(services =>
            {
                services.PostConfigure<JwtBearerOptions>(Portal.Api.Authentication.EntraAppTokens.SchemeName, o =>
                {
                    o.Authority = null;
                    o.TokenValidationParameters.ValidIssuer = EntraIssuer;
                    o.TokenValidationParameters.IssuerSigningKey = EntraKey;
                });
                // The cluster's answers: what the restore's checks and preview read (the executor is off, so nothing is written).
                var gateway = new FakeClusterGateway();
                gateway.Backups.Clear();
                gateway.Backups.AddRange([Backup(ShopBackup, "Completed", "shop-frontend"), Backup(FailedShopBackup, "Failed", "shop-frontend"),
                    Backup(BillingBackup, "Completed", "billing-api")]);
                gateway.ExistingNamespaces.UnionWith(["shop-frontend", "billing-api"]);
                services.AddSingleton<IClusterGateway>(gateway);
                services.AddSingleton<IRestorePreviewGateway>(new ApiPreviewGateway(new Dictionary<string, string>
                {
                    [ShopBackup] = "shop-frontend", [FailedShopBackup] = "shop-frontend", [BillingBackup] = "billing-api",
                }));
                services.AddSingleton<IMigrationClusterGateway>(new RestoreTargetsGateway());
            });
        });
        _factory.UseKestrel();
        _factory.StartServer();
        BaseUrl = _factory.ClientOptions.BaseAddress;
        await SeedAsync();
    }

    private static VeleroBackupInfo Backup(string name, string phase, string ns) =>
        new(name, phase, [ns], "default", DateTimeOffset.UtcNow.AddHours(-5), DateTimeOffset.UtcNow.AddHours(-4), DateTimeOffset.UtcNow.AddDays(25), "daily", null);

    private async Task SeedAsync()
    {
        var protector = Services.GetRequiredService<ICredentialProtector>();
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var now = DateTimeOffset.UtcNow;
        var webshop = new Tenant("webshop", "Webshop");
        var billing = new Tenant("billing", "Billing");
        var cluster = new Cluster("prod-east", "https://prod-east.invalid:6443", protector.Protect("apiVersion: v1"), ClusterAuthKind.BearerToken, "seed", now);
        var shop = new TenantNamespace(webshop.Id, cluster.Id, "shop-frontend", now, "seed");
        var bill = new TenantNamespace(billing.Id, cluster.Id, "billing-api", now, "seed");
        db.Tenants.AddRange(webshop, billing);
        var drCluster = new Cluster("dr-west", "https://dr-west.invalid:6443", protector.Protect("apiVersion: v1"), ClusterAuthKind.BearerToken, "seed", now);
        db.Clusters.AddRange(cluster, drCluster);
        db.TenantNamespaces.AddRange(shop, bill);
        foreach (var (key, name, persona, tenant) in new[]
                 {
                     ("alice", "Alice Owner", Persona.ApplicationOwner, webshop.Id), ("sam", "Sam Reliability", Persona.SreEngineer, webshop.Id),
                     ("dana", "Dana Owner", Persona.ApplicationOwner, webshop.Id), ("bob", "Bob Billing", Persona.ApplicationOwner, billing.Id),
                     ("priya", "Priya Platform", Persona.PlatformEngineer, webshop.Id), ("dave", "Dave Databases", Persona.DatabaseEngineer, webshop.Id),
                     ("archie", "Archie Architect", Persona.MigrationArchitect, webshop.Id), ("stan", "Stan Storage", Persona.StorageAdministrator, webshop.Id),
                     ("paul", "Paul Platform", Persona.PlatformEngineer, webshop.Id),
                     ("dina", "Dina Database", Persona.DatabaseEngineer, webshop.Id), ("bert", "Bert Database", Persona.DatabaseEngineer, billing.Id),
                 })
        {
            var user = new PortalUser($"ext-{key}", name, $"{key}@example.test");
            db.Users.Add(user);
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, ScopeKind.Tenant, tenant));
            Users[key] = user;
        }
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.Group, PipelineAppId.ToString(), Persona.ApplicationOwner, ScopeKind.Tenant, webshop.Id));
        db.ApprovalPolicies.Add(new ApprovalPolicy(webshop.Id, RequestKind.NamespaceBackup, true, Persona.SreEngineer));
        var target = new Cluster("prod-west", "https://prod-west.invalid:6443", protector.Protect("apiVersion: v1"), ClusterAuthKind.BearerToken, "seed", now);
        db.Clusters.Add(target);
        var bobUser = Users["bob"];
        var billingRequest = OperationRequest.ForBackup(billing.Id, cluster.Id, "billing-api",
            new BackupParameters(TimeSpan.FromHours(24), VolumeBackupMode.Snapshot, null), bobUser.Id.ToString(), bobUser.DisplayName, "billing's own", now);
        billingRequest.Submit(true, now);
        db.Requests.Add(billingRequest);
        db.NamespaceRpoStates.Add(new Portal.Domain.Protection.NamespaceRpoState(webshop.Id, cluster.Id, "shop-frontend", now)
        {
            LastGoodBackup = "shop-frontend-20261205", LastGoodAt = now.AddDays(-3), FailedRunsInRow = 2,
            FailureSummary = "last 2 runs PartiallyFailed: volume data of cart-db",
        });
        var (shopDb, shopSchedule) = Database(webshop.Id, cluster.Id, "shop-frontend", "shop-db", now);
        var (cacheDb, cacheSchedule) = Database(webshop.Id, cluster.Id, "shop-frontend", "shop-cache-db", now);
        var (billingDb, billingSchedule) = Database(billing.Id, cluster.Id, "billing-api", "billing-db", now);
        db.DatabaseTargets.AddRange(shopDb, cacheDb, billingDb);
        db.DumpSchedules.AddRange(shopSchedule, cacheSchedule, billingSchedule);
        for (var i = 0; i < ShopDumps; i++)
        {
            var dump = new DumpArtifact(shopSchedule, $"portal-dump-shop-{i}", DumpTrigger.Schedule, now.AddDays(-i));
            dump.Succeed(now.AddDays(-i), now.AddDays(-i).AddSeconds(5), 1000 + i, new string('a', 64), $"shop-nightly-{i}.dump", "pg_dump 16.4");
            db.DumpArtifacts.Add(dump);
        }
        await db.SaveChangesAsync();
        (Webshop, Billing, ShopNamespace, BillingNamespace, TargetCluster, BillingRequest) = (webshop.Id, billing.Id, shop.Id, bill.Id, target.Id, billingRequest.Id);
        DrCluster = drCluster.Id;
        (ShopDatabase, ShopSchedule, CacheDatabase, CacheSchedule, BillingDatabase, BillingSchedule) =
            (shopDb.Id, shopSchedule.Id, cacheDb.Id, cacheSchedule.Id, billingDb.Id, billingSchedule.Id);
        (BillingPlan, BillingWave) = await MigrationWaveAsync(Billing, "billing-api", "bob", "billing move");
    }

    /// <summary>A migration plan from prod-east to prod-west, written and submitted by <paramref name="author"/>, whose one wave (open
    /// now, preflighted, acknowledged) moves <paramref name="ns"/> of <paramref name="tenant"/> and waits for a platform engineer's decision.</summary>
    public async Task<(Guid Plan, Guid Wave)> MigrationWaveAsync(Guid tenant, string ns, string author, string name)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var now = DateTimeOffset.UtcNow;
        var source = await db.Clusters.Where(c => c.Name == "prod-east").Select(c => c.Id).SingleAsync();
        var person = Users[author];
        var plan = new MigrationPlan(name, null, source, TargetCluster, person.Id.ToString(), person.DisplayName, now);
        var wave = new MigrationWave(plan.Id, 1, $"{name} wave", now.AddHours(-1), now.AddDays(1), 2, now);
        var app = new MigrationApplication(plan, wave, tenant, ns, ns, null, now);
        app.RecordPreflight(wave, [], "kind: ConfigMap\nmetadata:\n  name: settings\n", 1, [], [], now);
        wave.Submit(person.Id.ToString(), person.DisplayName, now);
        db.MigrationPlans.Add(plan);
        db.MigrationWaves.Add(wave);
        db.MigrationApplications.Add(app);
        await db.SaveChangesAsync();
        return (plan.Id, wave.Id);
    }

    private static (DatabaseTarget, DumpSchedule) Database(Guid tenant, Guid cluster, string ns, string name, DateTimeOffset now)
    {
        var target = new DatabaseTarget(tenant, cluster, ns, name, DatabaseEngine.PostgreSql, $"{name}-rw", 5432, ["app"],
            new SecretKeyReference($"{name}-app", "username", "password"), DatabaseSource.Manual, null, 16, "seed", now);
        var schedule = new DumpSchedule(target, $"{name}-nightly", "app", new PostgresDumpOptions(), null,
            new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, $"{name}-dumps"), "0 2 * * *", "Etc/UTC", new DumpRetention(3, null), "postgres:16", "seed", now);
        schedule.MarkApplied(now);
        return (target, schedule);
    }

    /// <summary>Makes a token as <paramref name="user"/> through the real use case (as from the Access tokens page).</summary>
    public async Task<string> TokenAsync(string user, string name, Guid tenant, params Permission[] permissions)
    {
        using var scope = Services.CreateScope();
        var u = Users[user];
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal = new CurrentPrincipal(u.Id.ToString(), u.DisplayName, u.Email, []);
        var made = await scope.ServiceProvider.GetRequiredService<CreateAccessToken>().HandleAsync(
            new CreateAccessTokenCommand(name, permissions.Select(p => new TokenScope(p, tenant)).ToList(), 30));
        return made.ValueOrThrow().Secret;
    }

    public async Task<T> AsUserAsync<T>(string user, Func<IServiceProvider, Task<T>> act)
    {
        using var scope = Services.CreateScope();
        var u = Users[user];
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal = new CurrentPrincipal(u.Id.ToString(), u.DisplayName, u.Email, []);
        return await act(scope.ServiceProvider);
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<T> DbAsync<T>(Func<IPortalDbContext, Task<T>> read)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await read(db);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        foreach (var k in new[] { "Api__EntraApp__Audience", "Database__MigrateOnStart", "Execution__Enabled", "Api__RateLimit__PermitLimit", "Api__RateLimit__WindowSeconds" })
            Environment.SetEnvironmentVariable(k, null);
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_admin);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
