using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Databases;

/// <summary>The Job watch shares the Velero watch's loop (<see cref="KubeWatch"/>): the same retries reach Jobs.</summary>
public class JobWatchResilienceTests
{
    private static JsonObject Job(string name) => JsonNode.Parse("""
        {"apiVersion":"batch/v1","kind":"Job",
         "metadata":{"name":"@name@","namespace":"billing-api","labels":{"kubernetes-portal.io/request-id":"r1"},
           "annotations":{"simulator.kubernetes-portal.io/run-seconds":"1"}},
         "spec":{"backoffLimit":0,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"dump","image":"mysql:8.4",
           "env":[{"name":"SIMULATOR_TERMINATION_MESSAGE","value":"done"}]}]}}}}
        """.Replace("@name@", name))!.AsObject();

    [Fact]
    public async Task WatchJob_ServerErrorsOnTheJobsPath_BacksOffAndStillEndsWithTheMessage()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = DatabaseGatewayFactory.Create();
        await gateway.ApplyAsync(sim.Connection(), Job("dump-flaky"), "kubernetes-portal.io/request-id", CancellationToken.None);
        sim.Faults.FailRequests(503, count: 3, pathContains: "/jobs");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var seen = new List<JobRunStatus>();
        await foreach (var s in gateway.WatchJobAsync(sim.Connection(), "billing-api", "dump-flaky", cts.Token))
        {
            seen.Add(s);
        }

        Assert.True(seen[^1].Succeeded);
        Assert.Equal("done", seen[^1].TerminationMessage);
    }

    [Fact]
    public async Task WatchJob_ReconnectBackoff_WaitsOnTheInjectedClock()
    {
        await using var sim = await Simulator.StartAsync();
        // A ten-minute backoff unit: on the real clock the retries would take over an hour.
        var options = GatewayFactory.FastOptions();
        options.WatchBackoffBase = TimeSpan.FromMinutes(10);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gateway = DatabaseGatewayFactory.Create(options, time);
        await gateway.ApplyAsync(sim.Connection(), Job("dump-backoff"), "kubernetes-portal.io/request-id", CancellationToken.None);
        sim.Faults.FailRequests(503, count: 2, pathContains: "/jobs");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var watch = Task.Run(async () =>
        {
            JobRunStatus? last = null;
            await foreach (var s in gateway.WatchJobAsync(sim.Connection(), "billing-api", "dump-backoff", cts.Token)) last = s;
            return last;
        });
        var real = System.Diagnostics.Stopwatch.StartNew();
        while (!watch.IsCompleted && real.Elapsed < TimeSpan.FromSeconds(25))
        {
            time.Advance(TimeSpan.FromMinutes(30));
            await Task.WhenAny(watch, Task.Delay(50));
        }

        Assert.True(watch.IsCompleted, "the watch still waits on the real clock");
        Assert.True((await watch)!.Succeeded);
    }
}
