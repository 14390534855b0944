using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary>The one wait primitive against the simulator: watches, absence as a state, progress, and a time limit that
/// names what is not ready.</summary>
public class ClusterWaitTests
{
    private const string Ns = "wait-test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static ClusterWait Wait(TimeProvider? time = null)
    {
        var opts = Options.Create(GatewayFactory.FastOptions());
        return new ClusterWait(new KubernetesClientFactory(opts, NullLogger<KubernetesClientFactory>.Instance), opts,
            NullLogger<ClusterWait>.Instance, time ?? TimeProvider.System);
    }

    private static AwaitedObject Deployment(string name) => new("apps", "v1", "deployments", Ns, name, $"Deployment {name}");

    private static JsonNode DeploymentJson(string name, int replicas) => JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}","namespace":"{{{Ns}}}"},
         "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"{{{name}}}"}},
                 "template":{"metadata":{"labels":{"app":"{{{name}}}"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]} } } }
        """)!;

    private static async Task<SimulatedCluster> StartAsync()
    {
        var sim = await Simulator.StartAsync();
        sim.Store.Put(JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{Ns}}}"}}""")!);
        return sim;
    }

    [Fact]
    public async Task UntilAsync_DeploymentsRollingOut_ReturnsOnceEveryOneIsAvailable()
    {
        await using var sim = await StartAsync();
        sim.Store.Put(DeploymentJson("web", 2));
        sim.Store.Put(DeploymentJson("api", 1));
        using var cts = new CancellationTokenSource(Patience);

        await Wait().UntilAsync(sim.Connection(), [Deployment("web"), Deployment("api")], WaitConditions.WorkloadAvailable, "available",
            TimeSpan.FromMinutes(5), null, cts.Token);

        foreach (var name in new[] { "web", "api" })
        {
            Assert.True(WaitConditions.WorkloadAvailable(Json(sim.Store.Get("apps/v1", "Deployment", Ns, name)!)).Holds, name);
        }
    }

    [Fact]
    public async Task UntilAsync_ObjectCreatedAfterTheWaitStarted_IsSeenThroughTheWatch()
    {
        await using var sim = await StartAsync();
        using var cts = new CancellationTokenSource(Patience);
        var reported = new TaskCompletionSource<IReadOnlyList<NotReadyObject>>(TaskCreationOptions.RunContinuationsAsynchronously);

        var wait = Wait().UntilAsync(sim.Connection(), [Deployment("late")], WaitConditions.WorkloadAvailable, "available",
            TimeSpan.FromMinutes(5), (notReady, _) => { reported.TrySetResult(notReady); return Task.CompletedTask; }, cts.Token);
        var first = await reported.Task.WaitAsync(cts.Token);
        Assert.False(wait.IsCompleted);
        sim.Store.Put(DeploymentJson("late", 1));

        await wait;
        Assert.Equal([new NotReadyObject("Deployment late", "does not exist yet")], first);
    }

    [Fact]
    public async Task UntilAsync_WorkloadDeletedWhileWaitingForItToStop_Holds()
    {
        await using var sim = await StartAsync();
        sim.Store.Put(DeploymentJson("old", 2));
        using var cts = new CancellationTokenSource(Patience);
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Wait().UntilAsync(sim.Connection(), [Deployment("old")], WaitConditions.WorkloadAvailable, "available",
            TimeSpan.FromMinutes(5), null, cts.Token);

        var wait = Wait().UntilAsync(sim.Connection(), [Deployment("old")], WaitConditions.WorkloadStopped, "stopped",
            TimeSpan.FromMinutes(5), (_, _) => { reported.TrySetResult(); return Task.CompletedTask; }, cts.Token);
        await reported.Task.WaitAsync(cts.Token);
        sim.Store.Delete("apps/v1", "Deployment", Ns, "old");

        await wait;
    }

    [Fact]
    public async Task UntilAsync_LimitPasses_FailsNamingEachObjectNotReadyAndWhy()
    {
        await using var sim = await StartAsync();
        sim.Store.Put(DeploymentJson("ready", 1));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var cts = new CancellationTokenSource(Patience);
        var reported = new TaskCompletionSource<IReadOnlyList<NotReadyObject>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var wait = Wait(time).UntilAsync(sim.Connection(), [Deployment("ready"), Deployment("ghost")], WaitConditions.WorkloadAvailable,
            "available", TimeSpan.FromMinutes(5), (notReady, _) =>
            {
                if (notReady.Count == 1)
                {
                    reported.TrySetResult(notReady);
                }

                return Task.CompletedTask;
            }, cts.Token);
        await reported.Task.WaitAsync(cts.Token);
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(wait.IsCompleted);

        time.Advance(TimeSpan.FromMinutes(1));

        var e = await Assert.ThrowsAsync<ClusterWaitTimeoutException>(() => wait.WaitAsync(cts.Token));
        Assert.Equal("Not available after 5 minutes: Deployment ghost (does not exist yet).", e.Message);
        Assert.Equal([new NotReadyObject("Deployment ghost", "does not exist yet")], e.NotReady);
    }

    [Fact]
    public async Task UntilAsync_CredentialRejected_EndsTheWaitAtOnceWithTheFault()
    {
        await using var sim = await StartAsync();
        var rejected = sim.Connection(sim.Kubeconfig.Replace(sim.Token, "not-the-token"));
        using var cts = new CancellationTokenSource(Patience);

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Wait().UntilAsync(rejected, [Deployment("web"), Deployment("api")],
            WaitConditions.WorkloadAvailable, "available", TimeSpan.FromMinutes(5), null, cts.Token));

        Assert.Equal(ClusterFault.Unauthorized, e.Fault);
    }

    [Fact]
    public async Task UntilAsync_NoObjects_ReturnsWithoutCallingTheCluster()
    {
        var unreachable = new ClusterConnection(Guid.NewGuid(), "nowhere", "not a kubeconfig");

        await Wait().UntilAsync(unreachable, [], WaitConditions.WorkloadAvailable, "available", TimeSpan.FromMinutes(5), null, CancellationToken.None);
    }

    [Theory]
    [InlineData("""{"kind":"Deployment","spec":{"replicas":3},"status":{"availableReplicas":1,"readyReplicas":3}}""", false, "1 of 3 available")]
    [InlineData("""{"kind":"Deployment","spec":{"replicas":3},"status":{"availableReplicas":3}}""", true, "3 of 3 available")]
    [InlineData("""{"kind":"Deployment","status":{}}""", false, "0 of 1 available")]
    [InlineData("""{"kind":"StatefulSet","spec":{"replicas":2},"status":{"readyReplicas":2,"availableReplicas":0}}""", true, "2 of 2 ready")]
    public void WorkloadAvailable_ReadsTheCountsTheVerifyStepsUse(string json, bool holds, string reason)
    {
        var r = WaitConditions.WorkloadAvailable(System.Text.Json.JsonDocument.Parse(json).RootElement);

        Assert.Equal(new Readiness(holds, reason), r);
    }

    [Theory]
    [InlineData("""{"status":{"replicas":2,"readyReplicas":1}}""", false, "2 pod(s) still running")]
    [InlineData("""{"status":{"replicas":0,"readyReplicas":1}}""", false, "1 pod(s) still running")]
    [InlineData("""{"status":{}}""", true, "stopped")]
    public void WorkloadStopped_CountsEveryPodStillThere(string json, bool holds, string reason)
    {
        Assert.Equal(new Readiness(holds, reason), WaitConditions.WorkloadStopped(System.Text.Json.JsonDocument.Parse(json).RootElement));
        Assert.True(WaitConditions.WorkloadStopped(null).Holds);
    }

    [Fact]
    public void ClaimBound_PendingOrMissing_SaysWhich()
    {
        Assert.Equal(Readiness.NotYet("Pending"), WaitConditions.ClaimBound(System.Text.Json.JsonDocument.Parse("""{"status":{"phase":"Pending"}}""").RootElement));
        Assert.Equal(Readiness.NotYet("does not exist yet"), WaitConditions.ClaimBound(null));
        Assert.True(WaitConditions.ClaimBound(System.Text.Json.JsonDocument.Parse("""{"status":{"phase":"Bound"}}""").RootElement).Holds);
    }

    private static System.Text.Json.JsonElement Json(JsonNode node) => System.Text.Json.JsonDocument.Parse(node.ToJsonString()).RootElement;
}
