using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Moves;

/// <summary>The reads a data move makes through the migration gateway (so the executor walks no Kubernetes JSON),
/// against the simulator: a Secret's values, a LoadBalancer's address, how ready a workload or CloudNativePG Cluster is.</summary>
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
    public async Task GetLoadBalancerAddress_IpElseHostName_NullWhileItHasNone()
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
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"recv-none","namespace":"reports"},
             "spec":{"type":"LoadBalancer","ports":[{"port":873}]},"status":{"loadBalancer":{}}}
            """);
        var gateway = MigrationSimulator.Gateway();

        Assert.Equal("203.0.113.7", await gateway.GetLoadBalancerAddressAsync(sim.Connection(), Ns, "recv-ip", CancellationToken.None));
        Assert.Equal("lb.example", await gateway.GetLoadBalancerAddressAsync(sim.Connection(), Ns, "recv-host", CancellationToken.None));
        Assert.Null(await gateway.GetLoadBalancerAddressAsync(sim.Connection(), Ns, "recv-none", CancellationToken.None));
        Assert.Null(await gateway.GetLoadBalancerAddressAsync(sim.Connection(), Ns, "not-there", CancellationToken.None));
    }

    [Fact]
    public async Task GetReadyCount_DeploymentAvailable_StatefulSetReady_ClusterInstances_NullWhenMissing()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        sim.Faults.StallRollouts();
        Put(sim, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"db-d","namespace":"reports"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"postgres:16"}]}}},
             "status":{"availableReplicas":1,"readyReplicas":2}}
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
        var gateway = MigrationSimulator.Gateway();

        var deployment = await gateway.GetReadyCountAsync(sim.Connection(), "apps/v1", "Deployment", Ns, "db-d", CancellationToken.None);
        var statefulSet = await gateway.GetReadyCountAsync(sim.Connection(), "apps/v1", "StatefulSet", Ns, "db-s", CancellationToken.None);
        // The simulated operator makes the Cluster healthy (all instances ready) at one of its next steps.
        var cluster = await gateway.GetReadyCountAsync(sim.Connection(), "postgresql.cnpg.io/v1", "Cluster", Ns, "db-c", CancellationToken.None);
        for (var tries = 0; cluster != new ReadyCount(3, 3) && tries < 200; tries++)
        {
            await Task.Delay(50);
            cluster = await gateway.GetReadyCountAsync(sim.Connection(), "postgresql.cnpg.io/v1", "Cluster", Ns, "db-c", CancellationToken.None);
        }
        var missing = await gateway.GetReadyCountAsync(sim.Connection(), "apps/v1", "StatefulSet", Ns, "not-there", CancellationToken.None);

        Assert.Equal(new ReadyCount(1, 3), deployment);
        Assert.Equal(new ReadyCount(1, 1), statefulSet);
        Assert.Equal(new ReadyCount(3, 3), cluster);
        Assert.Null(missing);
    }
}
