using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Moves;

/// <summary>The reads a data move makes through the migration gateway (so the executor walks no Kubernetes JSON),
/// against the simulator: a Secret's values, and the waits for a LoadBalancer's address and for databases to be ready.</summary>
public class MoveDataReadsTests
{
    private const string Ns = "reports";

    private static void Put(Portal.ClusterSimulator.SimulatedCluster sim, string json) => sim.Store.Put(JsonNode.Parse(json)!);

    [Fact]
    public async Task GetOwnSecretValues_DecodesEveryKey_NullWhenTheSecretIsMissing()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        Put(sim, """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"portal-rsync-1","namespace":"reports"},"type":"Opaque",
             "data":{"password":"czNjcjN0","ca.crt":"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"}}
            """);
        var gateway = MigrationSimulator.Gateway();

        var values = await gateway.GetOwnSecretValuesAsync(sim.Connection(), Ns, "portal-rsync-1", CancellationToken.None);
        var missing = await gateway.GetOwnSecretValuesAsync(sim.Connection(), Ns, "portal-rsync-2", CancellationToken.None);

        Assert.Equal("s3cr3t", values!["password"]);
        Assert.Equal("-----BEGIN CERTIFICATE-----", values["ca.crt"]);
        Assert.Null(missing);
    }

    [Fact]
    public async Task WaitForLoadBalancerAddress_IpElseHostName_WaitsSayingSoOnce_FailsNamingTheServiceWhenNoneComes()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        sim.Faults.WithholdLoadBalancers();
        Put(sim, """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"recv-ip","namespace":"reports"},
             "spec":{"type":"LoadBalancer","ports":[{"port":873}]},"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.7","hostname":"x.example"}]}}}
            """);
        Put(sim, """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"recv-host","namespace":"reports"},
             "spec":{"type":"LoadBalancer","ports":[{"port":873}]},"status":{"loadBalancer":{"ingress":[{"hostname":"lb.example"}]}}}
            """);
        Put(sim, """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"recv-late","namespace":"reports"},
             "spec":{"type":"LoadBalancer","ports":[{"port":873}]},"status":{"loadBalancer":{}}}
            """);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The real clock where the wait must end on its own (a watch that reconnects backs off on the gateway's clock);
        // the fake one only where the limit must pass.
        var gateway = MigrationWaitTests.Gateway(TimeProvider.System);
        var said = 0;
        Task Waiting() { Interlocked.Increment(ref said); return Task.CompletedTask; }

        Assert.Equal("203.0.113.7", await gateway.WaitForLoadBalancerAddressAsync(sim.Connection(), Ns, "recv-ip", TimeSpan.FromMinutes(1), Waiting, CancellationToken.None));
        Assert.Equal("lb.example", await gateway.WaitForLoadBalancerAddressAsync(sim.Connection(), Ns, "recv-host", TimeSpan.FromMinutes(1), Waiting, CancellationToken.None));
        Assert.Equal(0, said);

        var late = gateway.WaitForLoadBalancerAddressAsync(sim.Connection(), Ns, "recv-late", TimeSpan.FromHours(1), Waiting, CancellationToken.None);
        await Eventually.TrueAsync(() => Volatile.Read(ref said) == 1, "the wait says once that it waits");
        Put(sim, """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"recv-late","namespace":"reports"},
             "spec":{"type":"LoadBalancer","ports":[{"port":873}]},"status":{"loadBalancer":{"ingress":[{"ip":"198.51.100.9"}]}}}
            """);
        Assert.Equal("198.51.100.9", await late.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, said);

        var never = MigrationWaitTests.Gateway(time).WaitForLoadBalancerAddressAsync(sim.Connection(), Ns, "not-there", TimeSpan.FromMinutes(10), Waiting, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ClusterWaitTimeoutException>(() => MigrationWaitTests.AdvanceUntilDoneAsync(time, never));
        Assert.Equal("Service reports/not-there (not there yet)", Assert.Single(ex.NotReady).ToString());
    }

    [Fact]
    public async Task WaitForDatabasesReady_CountsEachKindItsWay_ReportsWhatIsNotReady_FailsNamingIt()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        sim.Faults.StallRollouts();
        Put(sim, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"db-d","namespace":"reports"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"postgres:16"}]}}},
             "status":{"availableReplicas":1,"readyReplicas":3}}
            """);
        Put(sim, """
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db-s","namespace":"reports"},
             "spec":{"serviceName":"db-s","selector":{"matchLabels":{"app":"s"}},"template":{"metadata":{"labels":{"app":"s"}},"spec":{"containers":[{"name":"c","image":"postgres:16"}]}}},
             "status":{"readyReplicas":1}}
            """);
        Put(sim, """
            {"apiVersion":"postgresql.cnpg.io/v1","kind":"Cluster","metadata":{"name":"db-c","namespace":"reports"},
             "spec":{"instances":3,"storage":{"size":"1Gi"}}}
            """);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gateway = MigrationWaitTests.Gateway(TimeProvider.System);
        var reports = new List<IReadOnlyList<string>>();
        Task Progress(IReadOnlyList<string> waiting) { lock (reports) reports.Add(waiting); return Task.CompletedTask; }

        // A StatefulSet counts its ready replicas; the simulated operator brings the Cluster to all 3 instances ready.
        await gateway.WaitForDatabasesReadyAsync(sim.Connection(), Ns,
            [new AwaitedDatabase("apps/v1", "StatefulSet", "db-s", 1), new AwaitedDatabase("postgresql.cnpg.io/v1", "Cluster", "db-c", null)],
            TimeSpan.FromHours(1), Progress, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        // A Deployment counts its available replicas (1 of 3, though 3 are ready), and a missing database is waited for.
        var wait = MigrationWaitTests.Gateway(time).WaitForDatabasesReadyAsync(sim.Connection(), Ns,
            [new AwaitedDatabase("apps/v1", "Deployment", "db-d", 3), new AwaitedDatabase("postgresql.cnpg.io/v1", "Cluster", "gone", null)],
            TimeSpan.FromMinutes(10), Progress, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ClusterWaitTimeoutException>(() => MigrationWaitTests.AdvanceUntilDoneAsync(time, wait));

        Assert.Equal(["Deployment db-d (1 of 3 ready)", "CloudNativePG Cluster gone (not on dr-west)"],
            ex.NotReady.Select(n => $"{n.Name} ({n.Reason})"));
        Assert.Contains(reports, r => r.SequenceEqual(["Deployment db-d (1 of 3 ready)", "CloudNativePG Cluster gone (not on dr-west)"]));
    }
}
