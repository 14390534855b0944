using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Portal.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Execution;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;
using Portal.Kubernetes;

namespace Portal.IntegrationTests.Support;

/// <summary>One portal replica as production composes it (application, PostgreSQL, KubernetesClient adapter,
/// executor), minus the web host. Several replicas may share one database, as in a scaled deployment.</summary>
public sealed class PortalReplica : IAsyncDisposable
{
    /// <summary>One certificate for the whole test run, as every replica of a deployment is given the same one.</summary>
    private static readonly Lazy<X509Certificate2> KeyRingCertificate = new(() =>
    {
        using var rsa = RSA.Create(2048);
        using var cert = new CertificateRequest("CN=portal key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    });

    private readonly CancellationTokenSource _stop = new();
    private IHostedService? _executor;
    private IHostedService? _dispatcher;
    private IHostedService? _follower;
    private IHostedService? _relay;

    private PortalReplica(ServiceProvider services, string workerId)
    {
        Services = services;
        WorkerId = workerId;
    }

    public ServiceProvider Services { get; }
    public string WorkerId { get; }
    public SwitchablePrincipal Principal => Services.GetRequiredService<SwitchablePrincipal>();

    public static async Task<PortalReplica> CreateAsync(string connectionString, string workerId, TimeSpan? lease = null, bool migrate = false,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Execution:WorkerId"] = workerId,
            ["Execution:PollInterval"] = "00:00:00.200",
            ["Execution:Lease"] = (lease ?? TimeSpan.FromSeconds(10)).ToString(),
            ["Execution:RetryBaseDelay"] = "00:00:00.500",
            ["DatabaseDumps:OperatorPollInterval"] = "00:00:00.200",
            ["DatabaseDumps:TrackInterval"] = "00:00:00.500",
            ["Migrations:DispatchInterval"] = "00:00:00.300",
            ["Migrations:PollInterval"] = "00:00:00.200",
            ["Migrations:PausedRetry"] = "00:00:01",
            ["Protection:LeaseDuration"] = "00:00:03",
            ["Protection:RecomputeDelay"] = "00:00:00.200",
            ["Protection:RefreshInterval"] = "00:00:02",
            ["Protection:FollowRetryBase"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddPortalApplication();
        var db = new DatabaseOptions { Provider = "Postgres", ConnectionString = connectionString };
        services.AddPortalInfrastructure(db);
        // The key ring as production keeps it: in the database, encrypted with a certificate every replica is given.
        services.AddPortalKeyRing(db, KeyRingCertificate.Value, []);
        services.AddPortalKubernetes(o => { o.WatchBackoffBase = TimeSpan.FromMilliseconds(100); o.RequestTimeout = TimeSpan.FromSeconds(5); });
        services.AddPortalExecution(config, runBackgroundServices: false);
        services.AddSingleton<SwitchablePrincipal>();
        services.AddSingleton<ICurrentPrincipalProvider>(sp => sp.GetRequiredService<SwitchablePrincipal>());
        services.AddSingleton<IRequestStatusNotifier, RecordingNotifier>();
        var provider = services.BuildServiceProvider();
        if (migrate) await provider.GetRequiredService<IDatabaseMigrator>().MigrateAsync();
        return new PortalReplica(provider, workerId);
    }

    public async Task<T> RunAsync<TUseCase, T>(Func<TUseCase, Task<T>> call) where TUseCase : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    public Task<IPortalDbContext> OpenAllAsync() => Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    /// <summary>Starts this replica's background executor.</summary>
    public Task StartExecutorAsync()
    {
        _executor = new RequestExecutionService(Services.GetRequiredService<IServiceScopeFactory>(), Services.GetRequiredService<IRequestQueue>(),
            Services.GetRequiredService<IExecutionSignal>(), Services.GetRequiredService<IOptions<ExecutionOptions>>(),
            Services.GetRequiredService<ILogger<RequestExecutionService>>());
        return _executor.StartAsync(_stop.Token);
    }

    /// <summary>Starts this replica's LISTEN/NOTIFY relay (changes and executor wakes to and from the other replicas) and
    /// waits until it listens.</summary>
    public async Task StartRelayAsync()
    {
        var relay = Services.GetRequiredService<Portal.Infrastructure.Notifications.PostgresChangeRelay>();
        _relay = relay;
        await relay.StartAsync(_stop.Token);
        await relay.Listening.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts this replica's migration wave dispatcher.</summary>
    public Task StartDispatcherAsync()
    {
        _dispatcher = Services.GetRequiredService<Portal.Execution.Moves.MigrationWaveDispatcher>();
        return _dispatcher.StartAsync(_stop.Token);
    }

    /// <summary>Starts this replica's protection follower (it takes the clusters whose follow lease is free).</summary>
    public Task StartFollowerAsync()
    {
        _follower = Services.GetRequiredService<Portal.Execution.Protection.ProtectionFollower>();
        return _follower.StartAsync(_stop.Token);
    }

    /// <summary>Stops the follower as a shutdown does: it lets go of its clusters' leases.</summary>
    public async Task StopFollowerAsync()
    {
        if (_follower is not null) await _follower.StopAsync(CancellationToken.None);
        _follower = null;
    }

    /// <summary>Kills the executor mid-work: its runs are cancelled where they stand and their leases are left
    /// to expire, as when a pod is killed.</summary>
    public async Task KillExecutorAsync()
    {
        await _stop.CancelAsync();
        if (_executor is not null) await _executor.StopAsync(CancellationToken.None);
        if (_dispatcher is not null) await _dispatcher.StopAsync(CancellationToken.None);
        if (_follower is not null) await _follower.StopAsync(CancellationToken.None);
        _follower = null;
        _executor = null;
        _dispatcher = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillExecutorAsync();
        if (_relay is not null) await _relay.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
    }
}
