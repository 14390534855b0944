using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Execution;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;

namespace Portal.IntegrationTests.BigTables;

/// <summary>The portal's application, persistence and execution services on a fresh PostgreSQL database or SQLite file, with one
/// tenant, one cluster and a platform engineer signed in.</summary>
internal sealed class BigTableWorld : IAsyncDisposable
{
    private PostgresDatabase? _postgres;
    private DirectoryInfo? _folder;

    public ServiceProvider Services { get; private set; } = null!;
    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public SwitchablePrincipal Principal => Services.GetRequiredService<SwitchablePrincipal>();

    public static async Task<BigTableWorld> CreateAsync(string provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var w = new BigTableWorld();
        DatabaseOptions db;
        if (provider == "Postgres")
        {
            w._postgres = await PostgresDatabase.CreateAsync();
            db = new DatabaseOptions { Provider = "Postgres", ConnectionString = w._postgres.ConnectionString };
        }
        else
        {
            w._folder = Directory.CreateTempSubdirectory("portal-bigtables-");
            db = new DatabaseOptions { Provider = "Sqlite", ConnectionString = $"Data Source={Path.Combine(w._folder.FullName, "portal.db")}" };
        }
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddPortalApplication();
        services.AddPortalInfrastructure(db);
        services.AddPortalExecution(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build(),
            runBackgroundServices: false);
        services.AddSingleton<SwitchablePrincipal>();
        services.AddSingleton<ICurrentPrincipalProvider>(sp => sp.GetRequiredService<SwitchablePrincipal>());
        services.AddSingleton<IRequestStatusNotifier, RecordingNotifier>();
        w.Services = services.BuildServiceProvider();
        await w.Services.GetRequiredService<IDatabaseMigrator>().MigrateAsync();

        await using var ctx = await w.OpenAllAsync();
        var now = DateTimeOffset.UtcNow;
        var tenant = new Tenant("big", "Big");
        var cluster = new Cluster("big-1", "https://big:6443", "x", ClusterAuthKind.BearerToken, "test", now);
        var user = new PortalUser("dev:pat", "Pat Platform", "pat@example.com");
        ctx.Tenants.Add(tenant);
        ctx.Clusters.Add(cluster);
        ctx.Users.Add(user);
        ctx.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), Persona.PlatformEngineer, ScopeKind.Estate));
        await ctx.SaveChangesAsync();
        w.TenantId = tenant.Id;
        w.ClusterId = cluster.Id;
        w.Principal.Current = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        return w;
    }

    public Task<IPortalDbContext> OpenAllAsync() => Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    public OperationRequest Backup(DateTimeOffset at, string ns = "shop") => OperationRequest.ForBackup(TenantId, ClusterId, ns,
        new BackupParameters(TimeSpan.FromHours(1), VolumeBackupMode.None, null), "u", "User", null, at);

    public async Task<T> RunAsync<TUseCase, T>(Func<TUseCase, Task<T>> call) where TUseCase : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null) await _postgres.DisposeAsync();
        _folder?.Delete(true);
    }
}
