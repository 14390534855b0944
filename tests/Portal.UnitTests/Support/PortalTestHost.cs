using Portal.TestSupport;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Security;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;

namespace Portal.UnitTests.Support;

/// <summary>The real application and persistence layers on a private in-memory SQLite database,
/// with a fake cluster and a principal the test switches.</summary>
public sealed class PortalTestHost : IAsyncDisposable
{
    private readonly SqliteConnection _keepAlive;

    private PortalTestHost(ServiceProvider services, SqliteConnection keepAlive)
    {
        Services = services;
        _keepAlive = keepAlive;
    }

    public ServiceProvider Services { get; }
    public SwitchablePrincipal Principal => Services.GetRequiredService<SwitchablePrincipal>();
    public FakeClusterGateway Cluster => Services.GetRequiredService<FakeClusterGateway>();
    public FakeDatabaseWorkloadGateway Databases => Services.GetRequiredService<FakeDatabaseWorkloadGateway>();
    public FakeMigrationGateway Migration => Services.GetRequiredService<FakeMigrationGateway>();
    public FakeRestorePreviewGateway Previews => Services.GetRequiredService<FakeRestorePreviewGateway>();
    public FakeSnapshotClusterGateway Snapshots => Services.GetRequiredService<FakeSnapshotClusterGateway>();

    /// <param name="time">The portal's clock (a fake one to pin "now"); the system clock by default.</param>
    public static async Task<PortalTestHost> StartAsync(TimeProvider? time = null)
    {
        var cs = $"Data Source=file:portal-{Guid.NewGuid():N}?mode=memory&cache=shared";
        var keepAlive = new SqliteConnection(cs);
        await keepAlive.OpenAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalApplication();
        services.AddPortalInfrastructure(new DatabaseOptions { Provider = "Sqlite", ConnectionString = cs });
        services.AddSingleton<SwitchablePrincipal>();
        services.AddSingleton<ICurrentPrincipalProvider>(sp => sp.GetRequiredService<SwitchablePrincipal>());
        services.AddSingleton<FakeClusterGateway>();
        services.AddSingleton<IClusterGateway>(sp => sp.GetRequiredService<FakeClusterGateway>());
        services.AddSingleton<FakeDatabaseWorkloadGateway>();
        services.AddSingleton<IDatabaseWorkloadGateway>(sp => sp.GetRequiredService<FakeDatabaseWorkloadGateway>());
        services.AddSingleton<FakeMigrationGateway>();
        services.AddSingleton<IMigrationClusterGateway>(sp => sp.GetRequiredService<FakeMigrationGateway>());
        services.AddSingleton<FakeRestorePreviewGateway>();
        services.AddSingleton<IRestorePreviewGateway>(sp => sp.GetRequiredService<FakeRestorePreviewGateway>());
        services.AddSingleton<FakeStorageInventoryGateway>();
        services.AddSingleton<IStorageInventoryGateway>(sp => sp.GetRequiredService<FakeStorageInventoryGateway>());
        services.AddSingleton<FakeClaimRestoreGateway>();
        services.AddSingleton<IClaimRestoreGateway>(sp => sp.GetRequiredService<FakeClaimRestoreGateway>());
        services.AddSingleton<FakeSnapshotClusterGateway>();
        services.AddSingleton<ISnapshotClusterGateway>(sp => sp.GetRequiredService<FakeSnapshotClusterGateway>());
        services.AddSingleton<IExecutionSignal, NoopSignal>();
        services.AddSingleton<Portal.TestSupport.FakeNotificationTransport>();
        services.AddSingleton<INotificationTransport>(sp => sp.GetRequiredService<Portal.TestSupport.FakeNotificationTransport>());
        services.AddSingleton<IRequestStatusNotifier, CountingNotifier>();
        if (time is not null) services.AddSingleton(time);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IDatabaseMigrator>().MigrateAsync();
        return new PortalTestHost(provider, keepAlive);
    }

    /// <summary>Runs a use case in a fresh scope, as whoever <see cref="Principal"/> currently is.</summary>
    public async Task<TResult> RunAsync<TUseCase, TResult>(Func<TUseCase, Task<TResult>> call) where TUseCase : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    public Task<IPortalDbContext> OpenAllAsync() => Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _keepAlive.DisposeAsync();
    }
}
