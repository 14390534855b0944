using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.ClusterSimulator.Demo;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Store;
using Portal.ClusterSimulator.Velero;

namespace Portal.ClusterSimulator;

/// <summary>
/// An in-memory Kubernetes API server over HTTPS (its own CA, bearer-token auth) that also plays the Velero
/// controller. Start one with <see cref="StartAsync"/>, hand <see cref="Kubeconfig"/> to any client.
/// The state (store) survives <see cref="StopAsync"/>/<see cref="StartAgainAsync"/>, like a cluster that was unreachable.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private readonly SimulatorContext _sim;
    private readonly CertificateAuthority _ca;
    private readonly VeleroController _controller;
    private readonly SemaphoreSlim _hostGate = new(1, 1);
    private WebApplication? _app;
    private int _port;
    private int _disposed;

    private SimulatedCluster(SimulatorContext sim, CertificateAuthority ca, string token)
    {
        _sim = sim;
        _ca = ca;
        Token = token;
        _controller = new VeleroController(sim);
    }

    public Uri Url => new($"https://127.0.0.1:{_port}");

    public string Token { get; }

    public string CaCertificatePem => _ca.CaCertificatePem;

    public string ClusterName => _sim.Options.ClusterName;

    /// <summary>kubeconfig YAML: cluster with certificate-authority-data, user with token, one context, current-context set.</summary>
    public string Kubeconfig => KubeconfigWriter.Build(_sim.Options.ClusterName, Url, CaCertificatePem, Token);

    public SimulatorFaults Faults => _sim.Faults;

    /// <summary>Adds a Velero BackupStorageLocation (its own bucket, not the default) to the demo's Velero, as an
    /// administrator would; <see cref="Faults"/> can then make it Unavailable.</summary>
    public void AddBackupStorageLocation(string name, string accessMode = "ReadWrite") =>
        Demo.DemoSeed.AddStorageLocation(_sim.Store, name, ClusterName, accessMode);

    public SimulatorStore Store => _sim.Store;

    public CrdCatalog Catalog => _sim.Catalog;

    /// <summary>Whether the API server is currently listening.</summary>
    public bool IsRunning => _app is not null;

    public static async Task<SimulatedCluster> StartAsync(SimulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var catalog = !string.IsNullOrEmpty(options.CrdDirectory) && Directory.Exists(options.CrdDirectory)
            ? CrdCatalog.CreateDefault(options.CrdDirectory)
            : CrdCatalog.CreateDefault();
        ServedApis.Apply(catalog, options);
        var store = new SimulatorStore(catalog, options.TimeProvider);
        var sim = new SimulatorContext(options, catalog, store, new SimulatorFaults());
        DemoSeed.SeedSystemNamespaces(store);
        CrdObjects.Seed(store, catalog);
        ClassSeed.Seed(sim);
        var cluster = new SimulatedCluster(sim, CertificateAuthority.Create(options.ClusterName), options.Token ?? NewToken());
        if (options.SeedDemoData) DemoSeed.Seed(sim, cluster._controller.Snapshots);
        cluster._controller.Settle(); // claims bound, rollouts reported, GitOps statuses set before anyone looks
        await cluster.ListenAsync(options.Port, ct);
        cluster._controller.Start();
        return cluster;
    }

    /// <summary>Stops listening (clients see connection refused); state and controller are kept.</summary>
    public async Task StopAsync()
    {
        await _hostGate.WaitAsync();
        try
        {
            if (_app is null) return;
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        finally
        {
            _hostGate.Release();
        }
    }

    /// <summary>Listens again on the same port after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync(CancellationToken ct = default) => ListenAsync(_port, ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _controller.StopAsync();
        await StopAsync();
        _ca.ServerCertificate.Dispose();
        _hostGate.Dispose();
    }

    private async Task ListenAsync(int port, CancellationToken ct)
    {
        await _hostGate.WaitAsync(ct);
        try
        {
            if (_app is not null) return;
            var app = BuildApp(port);
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _port = new Uri(address).Port;
            _sim.BaseUrl = Url;
            _app = app;
        }
        finally
        {
            _hostGate.Release();
        }
    }

    private WebApplication BuildApp(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // The host embedding us may have its own Kestrel/urls configuration: none of it applies here.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port, l => l.UseHttps(_ca.ServerCertificate));
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        var app = builder.Build();
        var pipeline = new RequestPipeline(_sim, app.Lifetime.ApplicationStopping);
        if (_sim.Options.LogRequests) app.Use(ApiMiddleware.LogAsync);
        app.Use((http, next) => ApiMiddleware.FaultsAsync(http, _sim.Faults, () => next(http)));
        app.Use((http, next) => ApiMiddleware.AuthenticateAsync(http, Token, _sim.Faults, () => next(http)));
        app.Run(pipeline.HandleAsync);
        return app;
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
