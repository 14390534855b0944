using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Domain.Moves;
using Portal.Kubernetes.Moves;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Moves;

/// <summary>The waits of moving an application, against the simulator, on a fake clock: they report what is not ready
/// when that changes, and fail naming it when the limit passes.</summary>
public class MigrationWaitTests
{
    private static readonly QuiescedWorkload Web = new("apps/v1", "Deployment", "web", 2);

    internal static KubernetesMigrationGateway Gateway(TimeProvider time)
    {
        var opts = Options.Create(GatewayFactory.FastOptions());
        return new KubernetesMigrationGateway(new KubernetesClientFactory(opts, NullLogger<KubernetesClientFactory>.Instance), opts,
            NullLogger<KubernetesMigrationGateway>.Instance, time);
    }

    private static void PutDeployment(SimulatedCluster sim, int replicas)
    {
        sim.Store.Put(JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}""")!);
        sim.Store.Put(JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
             "spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}},
             "status":{"replicas":REPLICAS,"readyReplicas":REPLICAS,"availableReplicas":REPLICAS}}
            """.Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!);
    }

    /// <summary>Deployment shop/web scaled up to 2 while its pods cannot start: the rollout stays at 0 of 2.</summary>
    private static async Task<ClusterConnection> StalledWebAsync(SimulatedCluster sim)
    {
        sim.Faults.StallRollouts("shop");
        PutDeployment(sim, replicas: 0);
        var c = sim.Connection();
        Assert.True(await MigrationSimulator.Gateway().RestoreWorkloadAsync(c, "shop", Web, CancellationToken.None));
        return c;
    }

    /// <summary>Moves the fake clock on until the wait ends (its delays are on that clock), within 20 real seconds.</summary>
    internal static async Task<T> AdvanceUntilDoneAsync<T>(FakeTimeProvider time, Task<T> wait)
    {
        var real = Stopwatch.StartNew();
        while (!wait.IsCompleted && real.Elapsed < TimeSpan.FromSeconds(20))
        {
            time.Advance(TimeSpan.FromSeconds(15));
            await Task.WhenAny(wait, Task.Delay(20));
        }
        return await wait;
    }

    internal static Task<bool> AdvanceUntilDoneAsync(FakeTimeProvider time, Task wait) =>
        AdvanceUntilDoneAsync(time, wait.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

    [Fact]
    public async Task WaitForPodsGone_PodsKeepRunning_ReportsThemOnceThenFailsNamingThem()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        PutDeployment(sim, replicas: 2);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reports = new List<IReadOnlyList<string>>();

        var wait = Gateway(time).WaitForPodsGoneAsync(sim.Connection(), "shop", [Web], TimeSpan.FromMinutes(1),
            running => { lock (reports) reports.Add(running); return Task.CompletedTask; }, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ClusterWaitTimeoutException>(() => AdvanceUntilDoneAsync(time, wait));
        Assert.Equal("Pods of Deployment web are still running 60 seconds after scaling to zero.", ex.Message);
        Assert.Equal(["Deployment web"], ex.NotReady.Select(n => n.Name));
        Assert.Equal(["Deployment web"], Assert.Single(reports));
    }

    [Fact]
    public async Task WaitForPodsGone_ScaledToZero_ReturnsWithoutReporting()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        PutDeployment(sim, replicas: 0);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reports = 0;

        await Gateway(time).WaitForPodsGoneAsync(sim.Connection(), "shop", [Web], TimeSpan.FromMinutes(1),
            _ => { Interlocked.Increment(ref reports); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(0, reports);
    }

    [Fact]
    public async Task WaitForWorkloadsReady_RolloutStalledThenResumed_ReportsWhatIsNotReadyThenReturnsTheCounts()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        var c = await StalledWebAsync(sim);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reports = new List<WorkloadReadiness>();
        var firstReport = new TaskCompletionSource();

        var wait = Gateway(time).WaitForWorkloadsReadyAsync(c, "shop", TimeSpan.FromHours(1), r =>
        {
            lock (reports) reports.Add(r);
            firstReport.TrySetResult();
            return Task.CompletedTask;
        }, CancellationToken.None);
        await firstReport.Task.WaitAsync(TimeSpan.FromSeconds(20));
        sim.Faults.ResumeRollouts();
        var ready = await AdvanceUntilDoneAsync(time, wait);

        Assert.Equal("Deployment web (0 of 2 available)", Assert.Single(reports[0].NotReady));
        Assert.Equal("0 of 1 workloads available, 0 of 0 claims bound", reports[0].ToString());
        Assert.Equal("1 of 1 workloads available, 0 of 0 claims bound", ready.ToString());
        Assert.Empty(ready.NotReady);
    }

    [Fact]
    public async Task WaitForWorkloadsReady_LimitPasses_FailsNamingWhatIsNotReady()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        var c = await StalledWebAsync(sim);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var wait = Gateway(time).WaitForWorkloadsReadyAsync(c, "shop", TimeSpan.FromMinutes(10), _ => Task.CompletedTask, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ClusterWaitTimeoutException>(() => AdvanceUntilDoneAsync(time, wait));
        Assert.Equal("Not ready on dr-west after 10 minutes: Deployment web (0 of 2 available).", ex.Message);
    }
}
