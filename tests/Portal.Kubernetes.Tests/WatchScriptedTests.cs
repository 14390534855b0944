using Portal.Application.Abstractions.Clusters;
using Portal.Kubernetes.Tests.Support;
using static Portal.Kubernetes.Tests.Support.ScriptedApiServer;

namespace Portal.Kubernetes.Tests;

/// <summary>The watch loop driven through exact sequences by a scripted API server.</summary>
public class WatchScriptedTests
{
    private static async Task<List<VeleroObjectStatus>> Follow(ScriptedApiServer server, string name = "b1", int timeoutSeconds = 20)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var seen = new List<VeleroObjectStatus>();
        await foreach (var s in GatewayFactory.Create().WatchVeleroObjectAsync(server.Connection(), "velero", VeleroObjectKind.Backup, name, cts.Token))
        {
            seen.Add(s);
        }

        return seen;
    }

    [Fact]
    public async Task Watch_AlreadyTerminal_YieldsOnceWithoutWatching()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "7", "Completed", 10, 10);

        var seen = await Follow(server);

        Assert.Equal(["Completed"], seen.Select(s => s.Phase));
        Assert.Empty(server.WatchRequests);
    }

    [Fact]
    public async Task Watch_StreamEndsMidway_ReconnectsFromLastResourceVersion()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        server.WatchScripts.Enqueue(Stream(("MODIFIED", Velero("b1", "2", "InProgress", 10, 5))));
        server.WatchScripts.Enqueue(Stream(("MODIFIED", Velero("b1", "3", "Completed", 10, 10))));

        var seen = await Follow(server);

        Assert.Equal([1, 5, 10], seen.Select(s => s.ItemsDone!.Value));
        Assert.Equal("Completed", seen[^1].Phase);
        var requests = server.WatchRequests.ToArray();
        Assert.Contains("resourceVersion=1", requests[0]);
        Assert.Contains("resourceVersion=2", requests[1]);
        Assert.Contains("fieldSelector=metadata.name%3Db1", requests[0]);
    }

    [Fact]
    public async Task Watch_410Gone_ReadsAgainAndWatchesFromFreshVersion()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        server.WatchScripts.Enqueue(async ctx =>
        {
            server.Objects["b1"] = Velero("b1", "50", "InProgress", 10, 6); // changed while history was trimmed
            await Stream(("ERROR", GoneStatus()))(ctx);
        });
        server.WatchScripts.Enqueue(Stream(("MODIFIED", Velero("b1", "51", "Completed", 10, 10))));

        var seen = await Follow(server);

        Assert.Equal([1, 6, 10], seen.Select(s => s.ItemsDone!.Value));
        Assert.Equal(2, server.GetCount);
        Assert.Contains("resourceVersion=50", server.WatchRequests.ToArray()[1]);
    }

    [Fact]
    public async Task Watch_410GoneOnStreamLeftOpen_StillReadsAgain()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        server.WatchScripts.Enqueue(async ctx =>
        {
            server.Objects["b1"] = Velero("b1", "60", "Completed", 10, 10);
            await Stream(("ERROR", GoneStatus()))(ctx);
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }); // a proxy that keeps it open
        });

        var seen = await Follow(server, timeoutSeconds: 10);

        Assert.Equal(["InProgress", "Completed"], seen.Select(s => s.Phase));
    }

    [Fact]
    public async Task Watch_Always410_BacksOffAndGivesUp()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        for (var i = 0; i < 20; i++)
        {
            server.WatchScripts.Enqueue(Stream(("ERROR", GoneStatus())));
        }

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follow(server));

        Assert.Contains("keeps answering 410 Gone", e.Message);
        Assert.InRange(server.GetCount, 5, 7); // first read, then one per 410 until failures pass the limit of 4
    }

    [Fact]
    public async Task Watch_SameStatusTwice_YieldsOnlyChanges()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        server.WatchScripts.Enqueue(Stream(
            ("MODIFIED", Velero("b1", "2", "InProgress", 10, 1)),
            ("BOOKMARK", Velero("b1", "3", null)),
            ("MODIFIED", Velero("b1", "4", "Completed", 10, 10))));

        var seen = await Follow(server);

        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task Watch_ObjectDeleted_ThrowsNotFoundSayingDeleted()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        server.WatchScripts.Enqueue(Stream(("DELETED", Velero("b1", "2", "InProgress", 10, 1))));

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follow(server));

        Assert.Equal(ClusterFault.NotFound, e.Fault);
        Assert.Contains("the Velero Backup b1 was deleted while the portal was following it", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Watch_MissingObject_ThrowsNotFound()
    {
        await using var server = await StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follow(server, "nope"));

        Assert.Equal(ClusterFault.NotFound, e.Fault);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public async Task Watch_VeleroNotServed_ThrowsToolMissing()
    {
        await using var server = await StartAsync();
        server.VeleroServed = false;

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follow(server));

        Assert.Equal(ClusterFault.ToolMissing, e.Fault);
        Assert.Contains("Velero is not installed on cluster scripted", e.Message);
    }

    [Fact]
    public async Task Watch_TransientServerErrors_BacksOffAndRecovers()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        server.WatchScripts.Enqueue(Fail(500, "InternalError"));
        server.WatchScripts.Enqueue(Fail(503, "ServiceUnavailable"));
        server.WatchScripts.Enqueue(Stream(("MODIFIED", Velero("b1", "2", "Completed", 10, 10))));

        var seen = await Follow(server);

        Assert.Equal("Completed", seen[^1].Phase);
        Assert.Equal(3, server.WatchRequests.Count);
    }

    [Fact]
    public async Task Watch_PersistentServerErrors_GivesUpWithTransientFault()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        for (var i = 0; i < 10; i++)
        {
            server.WatchScripts.Enqueue(Fail(500, "InternalError"));
        }

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follow(server));

        Assert.Equal(ClusterFault.ServerError, e.Fault);
        Assert.Equal(5, server.WatchRequests.Count); // 1 + WatchMaxConsecutiveFailures(4) retries
    }

    [Fact]
    public async Task Watch_Forbidden_PropagatesWithoutRetry()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        server.WatchScripts.Enqueue(Fail(403, "Forbidden"));
        server.WatchScripts.Enqueue(Stream(("MODIFIED", Velero("b1", "2", "Completed", 10, 10))));

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => Follow(server));

        Assert.Equal(ClusterFault.Forbidden, e.Fault);
        Assert.Contains("not allowed to watch backups.velero.io 'b1'", e.Message);
        Assert.Single(server.WatchRequests);
    }

    [Fact]
    public async Task Watch_CallerCancels_StopsPromptly()
    {
        await using var server = await StartAsync();
        server.Objects["b1"] = Velero("b1", "1", "InProgress", 10, 1);
        using var cts = new CancellationTokenSource();
        var gateway = GatewayFactory.Create();
        var seen = 0;

        var run = Task.Run(async () =>
        {
            await foreach (var _ in gateway.WatchVeleroObjectAsync(server.Connection(), "velero", VeleroObjectKind.Backup, "b1", cts.Token))
            {
                seen++;
                cts.CancelAfter(200); // the scripted server has no more events: the watch hangs until cancelled
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, seen);
    }
}
