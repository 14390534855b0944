using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Portal.TestSupport.MetricReadings;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Telemetry;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary>Every cluster call passes through one wrapper (KubeCalls): its span, latency and errors are recorded per
/// cluster, read here from OpenTelemetry's in-memory exporter. The cluster has a name of its own, so calls that other
/// tests make at the same time are not counted.</summary>
public class ClusterCallTelemetryTests
{
    [Fact]
    public async Task FailedCall_CountsAnErrorForItsCluster_AndMarksItsSpan()
    {
        var name = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        await using var sim = await Simulator.StartAsync(name);
        var exported = new List<MetricSnapshot>();
        List<MetricSnapshot> metrics;
        var spans = new List<Activity>();
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(PortalTelemetry.MeterName).AddInMemoryExporter(exported).Build())
        using (var tracer = Sdk.CreateTracerProviderBuilder().AddSource(PortalTelemetry.KubernetesSourceName).AddInMemoryExporter(spans).Build())
        {
            var gateway = GatewayFactory.Create();
            var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
                gateway.ProbeAsync(sim.Connection(sim.Kubeconfig.Replace(sim.Token, "not-the-token")), CancellationToken.None));
            Assert.Equal(ClusterFault.Unauthorized, e.Fault);
            await gateway.ListNamespacesAsync(sim.Connection(), CancellationToken.None);

            meters.ForceFlush();
            tracer.ForceFlush();
            metrics = [.. exported]; // disposing the provider exports once more
        }

        Assert.Equal(1, Sum(metrics, "portal.cluster.call.errors", (PortalTelemetry.Tags.Cluster, name), (PortalTelemetry.Tags.Fault, "Unauthorized")));
        Assert.Equal(1, Sum(metrics, "portal.cluster.call.errors", (PortalTelemetry.Tags.Cluster, name)));
        Assert.Equal(1, Count(metrics, "portal.cluster.call.duration", (PortalTelemetry.Tags.Cluster, name), (PortalTelemetry.Tags.CallOutcome, "error")));
        Assert.True(Count(metrics, "portal.cluster.call.duration", (PortalTelemetry.Tags.Cluster, name), (PortalTelemetry.Tags.CallOutcome, "ok")) >= 1);
        Assert.Equal(0, Sum(metrics, "portal.cluster.call.errors", (PortalTelemetry.Tags.Cluster, "another-cluster")));

        var mine = spans.Where(s => (string?)s.GetTagItem(PortalTelemetry.Tags.Cluster) == name).ToList();
        var failed = Assert.Single(mine, s => s.Status == ActivityStatusCode.Error);
        Assert.Equal("Unauthorized", failed.GetTagItem(PortalTelemetry.Tags.Fault));
        Assert.Equal(ActivityKind.Client, failed.Kind);
        Assert.Contains(mine, s => s.DisplayName == "list namespaces" && s.Status != ActivityStatusCode.Error);
    }

    [Fact]
    public async Task WatchStreamEndedByTheServer_CountsOneReconnectForItsCluster()
    {
        var name = "telemetry-" + Guid.NewGuid().ToString("N")[..8];
        await using var server = await ScriptedApiServer.StartAsync();
        server.Objects["b1"] = ScriptedApiServer.Velero("b1", "1", "InProgress", 10, 1);
        server.WatchScripts.Enqueue(ScriptedApiServer.Stream(("MODIFIED", ScriptedApiServer.Velero("b1", "2", "InProgress", 10, 5))));
        server.WatchScripts.Enqueue(ScriptedApiServer.Stream(("MODIFIED", ScriptedApiServer.Velero("b1", "3", "Completed", 10, 10))));
        var exported = new List<MetricSnapshot>();
        List<MetricSnapshot> metrics;
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(PortalTelemetry.MeterName).AddInMemoryExporter(exported).Build())
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await foreach (var _ in GatewayFactory.Create().WatchVeleroObjectAsync(server.Connection() with { ClusterName = name }, "velero",
                               VeleroObjectKind.Backup, "b1", cts.Token))
            {
            }

            meters.ForceFlush();
            metrics = [.. exported];
        }

        Assert.Equal(2, server.WatchRequests.Count);
        Assert.Equal(1, Sum(metrics, "portal.cluster.watch.reconnects", (PortalTelemetry.Tags.Cluster, name)));
    }
}
