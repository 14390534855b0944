using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Application;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Tenants;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Execution;
using Portal.Infrastructure;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Security;
using Portal.Kubernetes;

namespace Portal.Benchmarks.Submissions;

/// <summary>"50 users submitting at once see their cluster object created within 1.0x a direct kubectl create at p95"
/// (docs/benchmarks.md). In process: N replicas as production composes them (application, PostgreSQL with the change
/// relay, the KubernetesClient adapter, the executor and every other background service), minus the web host, on one
/// fresh database, and one simulated cluster reached over HTTPS. 50 application owners (one namespace each) submit a
/// backup at the same moment through the real use case, spread over the replicas; the time from the call to the Velero
/// Backup appearing in the simulator's store is taken per request. Then the same 50 Backups are created at the same
/// moment directly against the simulator's API, each with a client of its own (a new TLS connection, as each kubectl
/// process makes). Reports median and p95 of both and their ratio.
/// Usage: dotnet run -c Release --project tests/Portal.Benchmarks -- submit-latency [--submitters 50] [--replicas 2] [--slots 4] [--rounds 2].
/// Exits 1 only when a request does not reach the cluster (never on a number).</summary>
internal static class SubmitLatencyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var submitters = int.Parse(Bench.Arg(args, "--submitters", "50"));
        var replicaCount = int.Parse(Bench.Arg(args, "--replicas", "2"));
        var rounds = int.Parse(Bench.Arg(args, "--rounds", "2"));
        // Each replica's executor slots (Execution:MaxConcurrentRequests): a backup holds its slot until Velero finishes it.
        var slots = Bench.Arg(args, "--slots", "4");
        await using var database = await PostgresBenchmarkDatabase.CreateAsync();
        if (database is null)
        {
            Console.WriteLine("submit-latency: skipped, PORTAL_TEST_POSTGRES is not set");
            return 0;
        }
        await using var cluster = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "bench-east", PhaseStepDelay = TimeSpan.FromMilliseconds(60),
        });
        var principal = new SharedPrincipal();
        var replicas = new List<ServiceProvider>();
        var hosted = new List<IHostedService>();
        try
        {
            for (var i = 0; i < replicaCount; i++) replicas.Add(Replica(database.ConnectionString, $"bench-{i + 1}", slots, principal));
            await replicas[0].GetRequiredService<IDatabaseMigrator>().MigrateAsync();
            var namespaces = await SeedAsync(replicas[0], principal, cluster, submitters);
            foreach (var r in replicas)
                foreach (var service in r.GetServices<IHostedService>())
                {
                    await service.StartAsync(CancellationToken.None);
                    hosted.Add(service);
                }
            await Task.Delay(TimeSpan.FromSeconds(2)); // the relays listen, the executors have looked at the empty queue

            var ok = true;
            Console.WriteLine("| round | what | objects | median | p95 | max |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
            for (var round = 1; round <= rounds; round++)
            {
                var (portal, answered) = await SubmitAllAsync(replicas, principal, cluster, namespaces, round);
                ok &= portal.Count == submitters;
                var direct = await CreateDirectlyAsync(cluster, submitters, round);
                Print(round, $"portal: submit (use case) to Backup on the cluster, {replicaCount} replicas x {slots} executor slots", portal);
                Print(round, "of which: the submit use case answering (saved, queued, replicas woken)", answered);
                Print(round, "direct: create of the same Backup on the cluster's API, a client each", direct);
                Console.WriteLine($"| {round} | ratio portal / direct | | {Bench.Percentile(portal, 50) / Bench.Percentile(direct, 50):0.00}x | " +
                    $"{Bench.Percentile(portal, 95) / Bench.Percentile(direct, 95):0.00}x | |");
            }
            return ok ? 0 : 1;
        }
        finally
        {
            foreach (var service in hosted) await service.StopAsync(CancellationToken.None);
            foreach (var r in replicas) await r.DisposeAsync();
        }
    }

    private static void Print(int round, string what, List<double> ms) =>
        Console.WriteLine($"| {round} | {what} | {ms.Count} | {Bench.Percentile(ms, 50):0} ms | {Bench.Percentile(ms, 95):0} ms | {(ms.Count > 0 ? ms.Max() : double.NaN):0} ms |");

    /// <summary>Every owner submits at the same moment, on replicas in turn; each latency ends when the store holds the Backup.</summary>
    private static async Task<(List<double> ToCluster, List<double> Answered)> SubmitAllAsync(List<ServiceProvider> replicas, SharedPrincipal principal,
        SimulatedCluster cluster, List<(Guid NamespaceId, CurrentPrincipal Owner)> namespaces, int round)
    {
        var answered = new ConcurrentBag<double>();
        var started = new ConcurrentDictionary<string, long>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var submissions = namespaces.Select((n, i) => Task.Run(async () =>
        {
            await gate.Task;
            await using var scope = replicas[i % replicas.Count].CreateAsyncScope();
            principal.Value = n.Owner;
            var at = Stopwatch.GetTimestamp();
            var result = await scope.ServiceProvider.GetRequiredService<SubmitBackupRequest>()
                .HandleAsync(new SubmitBackupRequestCommand(n.NamespaceId, 24 + round, VolumeBackupMode.None, null, $"round {round}"));
            if (!result.IsSuccess) throw new InvalidOperationException(result.Error!.Message);
            answered.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            started[result.Value.ToString()] = at;
        })).ToList();
        gate.SetResult();
        var toCluster = await WaitForBackupsAsync(cluster, started, submissions, namespaces.Count, o => o["metadata"]?["labels"]?[PortalLabels.RequestId]?.GetValue<string>());
        return (toCluster, answered.ToList());
    }

    /// <summary>The same objects, created directly: each with a client of its own, all at the same moment.</summary>
    private static async Task<List<double>> CreateDirectlyAsync(SimulatedCluster cluster, int count, int round)
    {
        var started = new ConcurrentDictionary<string, long>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var creates = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            var name = $"direct-{round}-{i}";
            var at = Stopwatch.GetTimestamp();
            started[name] = at;
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(cluster.Kubeconfig));
            using var client = new k8s.Kubernetes(await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream));
            var body = new JsonObject
            {
                ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
                ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray($"team-{i}"), ["ttl"] = "24h0m0s" },
            };
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, "velero.io", "v1", "velero", "backups");
        })).ToList();
        gate.SetResult();
        return await WaitForBackupsAsync(cluster, started, creates, count, o =>
            o["metadata"]?["name"]?.GetValue<string>() is { } n && n.StartsWith($"direct-{round}-", StringComparison.Ordinal) ? n : null);
    }

    /// <summary>Watches the store (every 2 ms) until every started key has its Backup; the latency is first sight minus start.</summary>
    private static async Task<List<double>> WaitForBackupsAsync(SimulatedCluster cluster, ConcurrentDictionary<string, long> started,
        List<Task> work, int expected, Func<JsonObject, string?> keyOf)
    {
        var seen = new Dictionary<string, long>();
        var deadline = Stopwatch.StartNew();
        // Earlier rounds' objects are in the store too: only this round's keys count (a request's id is known once its submit returns).
        while (seen.Keys.Count(started.ContainsKey) < expected && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var backup in cluster.Store.List("velero.io/v1", "Backup", "velero"))
                if (keyOf(backup) is { } key && !seen.ContainsKey(key)) seen[key] = now;
            if (work.FirstOrDefault(t => t.IsFaulted) is { } failed) await failed;
            await Task.Delay(2);
        }
        await Task.WhenAll(work);
        if (seen.Keys.Count(started.ContainsKey) < expected)
            Console.Error.WriteLine($"Only {seen.Count} of {expected} reached the cluster; started {started.Count}: " +
                string.Join(", ", started.Keys.Except(seen.Keys).Take(3)));
        return seen.Where(s => started.ContainsKey(s.Key))
            .Select(s => Stopwatch.GetElapsedTime(started[s.Key], s.Value).TotalMilliseconds).ToList();
    }

    /// <summary>A platform engineer registers the cluster and a tenant; each of N owners has a namespace of their own.</summary>
    private static async Task<List<(Guid NamespaceId, CurrentPrincipal Owner)>> SeedAsync(ServiceProvider portal, SharedPrincipal principal,
        SimulatedCluster cluster, int owners)
    {
        var platform = await UserAsync(portal, principal, "priya");
        await using (var db = await portal.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, platform.UserId, Persona.PlatformEngineer, ScopeKind.Estate));
            await db.SaveChangesAsync();
        }
        principal.Value = platform;
        var health = Ok(await RunAsync<RegisterCluster, Result<ClusterHealthView>>(portal, u => u.HandleAsync(new RegisterClusterCommand("bench-east", "simulated", cluster.Kubeconfig))));
        if (health.Health != ClusterHealth.Reachable) throw new InvalidOperationException($"Cluster not reachable: {health.Message}");
        var tenant = Ok(await RunAsync<CreateTenant, Result<Guid>>(portal, u => u.HandleAsync(new CreateTenantCommand("bench", "Bench"))));
        var result = new List<(Guid, CurrentPrincipal)>();
        for (var i = 0; i < owners; i++)
        {
            cluster.Store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = $"team-{i}" } });
            principal.Value = platform;
            var ns = Ok(await RunAsync<ClaimNamespace, Result<Guid>>(portal, u => u.HandleAsync(new ClaimNamespaceCommand(tenant, health.ClusterId, $"team-{i}"))));
            var owner = await UserAsync(portal, principal, $"owner-{i}");
            principal.Value = platform;
            Ok(await RunAsync<AddScopeBinding, Result<Guid>>(portal, u => u.HandleAsync(
                new AddScopeBindingCommand(PrincipalKind.User, owner.UserId, Persona.ApplicationOwner, ScopeKind.Tenant, tenant, null))));
            result.Add((ns, owner));
        }
        return result;
    }

    private static async Task<CurrentPrincipal> UserAsync(ServiceProvider portal, SharedPrincipal principal, string key)
    {
        var id = Ok(await RunAsync<RecordSignIn, Result<Guid>>(portal, u => u.HandleAsync(new RecordSignInCommand($"bench:{key}", key, $"{key}@example.test"))));
        return new CurrentPrincipal(id.ToString(), key, $"{key}@example.test", []);
    }

    private static async Task<T> RunAsync<TUseCase, T>(ServiceProvider services, Func<TUseCase, Task<T>> call) where TUseCase : notnull
    {
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    private static T Ok<T>(Result<T> result) => result.IsSuccess ? result.Value! : throw new InvalidOperationException(result.Error!.Message);

    /// <summary>One replica as production composes it, minus the web host: its executor polls every 2 s and is woken by
    /// submissions on any replica.</summary>
    private static ServiceProvider Replica(string connectionString, string workerId, string slots, SharedPrincipal principal)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Execution:WorkerId"] = workerId,
            ["Execution:MaxConcurrentRequests"] = slots,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddSingleton<IConfiguration>(config);
        services.AddPortalApplication();
        var db = new DatabaseOptions { Provider = "Postgres", ConnectionString = connectionString };
        services.AddPortalInfrastructure(db);
        services.AddPortalKeyRing(db, KeyRingCertificate.Value, []);
        services.AddPortalKubernetes();
        services.AddPortalExecution(config);
        services.AddSingleton<ICurrentPrincipalProvider>(principal);
        services.AddSingleton<IRequestStatusNotifier, Portal.Web.Notifications.RequestStatusNotifier>();
        return services.BuildServiceProvider();
    }

    /// <summary>One certificate for every replica, as a deployment gives them.</summary>
    private static readonly Lazy<X509Certificate2> KeyRingCertificate = new(() =>
    {
        using var rsa = RSA.Create(2048);
        using var cert = new CertificateRequest("CN=portal benchmark key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    });

    /// <summary>Whoever the current async flow says: each submitter sets itself before its call.</summary>
    private sealed class SharedPrincipal : ICurrentPrincipalProvider
    {
        private readonly AsyncLocal<CurrentPrincipal> _current = new();

        public CurrentPrincipal Value
        {
            get => _current.Value ?? CurrentPrincipal.Anonymous;
            set => _current.Value = value;
        }

        public Task<CurrentPrincipal> GetAsync(CancellationToken ct = default) => Task.FromResult(Value);
    }
}
