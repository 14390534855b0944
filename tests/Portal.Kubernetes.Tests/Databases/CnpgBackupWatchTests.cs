using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Databases.Messages;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Databases;

/// <summary>A CloudNativePG Backup followed on the shared watch (<c>WatchCnpgBackupAsync</c>) against the simulator, which
/// plays the operator for the demo Cluster shop-db in shop-payments.</summary>
public class CnpgBackupWatchTests
{
    private const string Owner = "kubernetes-portal.io/dump-schedule";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static JsonObject Backup(string name) => JsonNode.Parse("""
        {"apiVersion":"postgresql.cnpg.io/v1","kind":"Backup",
         "metadata":{"name":"@name@","namespace":"shop-payments","labels":{"@key@":"s1"}},
         "spec":{"cluster":{"name":"shop-db"},"method":"barmanObjectStore"}}
        """.Replace("@name@", name).Replace("@key@", Owner))!.AsObject();

    [Fact]
    public async Task WatchCnpgBackup_OperatorCompletesIt_YieldsEachPhaseOnce_EndsCompletedWithItsCreationTime()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), Backup("now-1"), Owner, CancellationToken.None);

        var seen = await Follow(gateway, sim, "now-1");

        var last = seen[^1];
        Assert.Equal(CnpgBackupPhase.Completed, last.Status.Phase);
        Assert.NotNull(last.Status.BackupId);
        Assert.NotNull(last.CreatedAt);
        Assert.All(seen[..^1], s => Assert.False(s.IsFinished));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task WatchCnpgBackup_OperatorFailsIt_EndsFailedWithTheOperatorsError()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.FailNextDatabaseBackup(error: "barman-cloud-backup: exit status 4: no credentials for bucket");
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), Backup("now-2"), Owner, CancellationToken.None);

        var last = (await Follow(gateway, sim, "now-2"))[^1];

        Assert.True(last.Status.Failed);
        Assert.Contains("no credentials for bucket", last.Status.Error);
    }

    [Fact]
    public async Task WatchCnpgBackup_Missing_IsNotFoundNamingIt()
    {
        await using var sim = await Simulator.StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follow(DatabaseGatewayFactory.Create(), sim, "never-made"));

        Assert.Equal(ClusterFault.NotFound, e.Fault);
        Assert.Contains("CloudNativePG Backup never-made does not exist in namespace 'shop-payments'", e.Message);
    }

    private static async Task<List<CnpgBackupObservation>> Follow(Portal.Kubernetes.Databases.KubernetesDatabaseWorkloadGateway gateway,
        SimulatedCluster sim, string name)
    {
        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<CnpgBackupObservation>();
        await foreach (var s in gateway.WatchCnpgBackupAsync(sim.Connection(), "shop-payments", name, cts.Token))
        {
            seen.Add(s);
        }

        return seen;
    }
}
