using Portal.Application.Features.Clusters.Register;
using Portal.Application.Security;

namespace Portal.Web.Hosting;

/// <summary>With Demo:Enabled, starts the simulated clusters (prod-east, dr-west), registers them through the
/// same use cases a platform engineer uses, and seeds tenants, users and their personas once.</summary>
internal sealed class DemoEnvironment(IServiceScopeFactory scopes, SimulatedClusterHost simulators, DemoKubeconfigFiles files,
    IConfiguration config, IHostEnvironment env, ILogger<DemoEnvironment> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!config.GetValue<bool>("Demo:Enabled")) return;
        var names = config.GetSection("Demo:SimulatedClusters").Get<string[]>() ?? ["prod-east", "dr-west"];
        var crds = config["Demo:CrdDirectory"];
        if (string.IsNullOrWhiteSpace(crds))
        {
            var sibling = Path.GetFullPath(Path.Combine(env.ContentRootPath, "..", "..", "..", "shared", "crds"));
            crds = Directory.Exists(sibling) ? sibling : null;
        }
        var step = config.GetValue<TimeSpan?>("Demo:PhaseStepDelay") ?? TimeSpan.FromSeconds(1);

        await using var scope = scopes.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var platformEngineer = await seeder.SeedPeopleAsync(ct);
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal = platformEngineer;

        var lost = config.GetSection("Demo:LostClusters").Get<string[]>() ?? [];
        var started = new List<(string Name, Portal.ClusterSimulator.SimulatedCluster Sim)>();
        foreach (var name in names)
        {
            var sim = await simulators.StartAsync(name, crds, step, ct);
            started.Add((name, sim));
            log.LogInformation("Simulated cluster {Name} listening on {Url}", name, sim.Url);
            if (name == "prod-east")
            {
                // A second location whose bucket refuses Velero: the policy that writes to it shows what At risk looks like.
                sim.AddBackupStorageLocation(DemoProtectionSeeder.ArchiveLocation);
                sim.Faults.MakeLocationUnavailable(DemoProtectionSeeder.ArchiveLocation,
                    "rpc error: code = Unknown desc = operation error S3: ListObjectsV2, https response error StatusCode: 403, AccessDenied: the bucket policy of velero-prod-east-archive denies the Velero role");
                // Restores of shop-payments take longer than its target RTO: its demo drill passes, slower than the target (At risk).
                sim.Faults.SlowRestores("shop-payments", DemoDrillSeeder.SlowPaymentsRestore);
            }
            var file = files.Write(name, sim.Kubeconfig);
            log.LogInformation("Demo cluster {Name}: kubectl --kubeconfig {File} get namespaces", name, file);
            var existing = await seeder.FindClusterAsync(name, ct);
            var result = existing is null
                ? await scope.ServiceProvider.GetRequiredService<RegisterCluster>().HandleAsync(
                    new RegisterClusterCommand(name, "Built-in cluster simulator (demo)", sim.Kubeconfig), ct)
                // The simulator gets a new port, CA and token on every start: a credential rotation of a server that moved.
                : await scope.ServiceProvider.GetRequiredService<UpdateClusterCredentials>().HandleAsync(
                    new UpdateClusterCredentialsCommand(existing.Value, sim.Kubeconfig, ServerMoved: true), ct);
            if (!result.IsSuccess) log.LogWarning("Demo cluster {Name}: {Error}", name, result.Error!.Message);
        }
        await seeder.SeedNamespacesAsync(ct);
        await seeder.SeedDatabasesAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoMigrationSeeder>().SeedAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoProtectionSeeder>().SeedAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoDrillSeeder>().SeedAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoSnapshotSeeder>().SeedAsync(ct);
        // Rehearsing the lost-cluster recovery: once the demo is seeded (so the portal knows the cluster's namespaces and
        // backups), the clusters named in Demo:LostClusters drop every connection until the process ends.
        foreach (var (name, sim) in started.Where(s => lost.Contains(s.Name, StringComparer.Ordinal)))
        {
            sim.Faults.LoseForGood();
            log.LogWarning("Demo cluster {Name} is now lost for good (Demo:LostClusters): recover it from its page", name);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
