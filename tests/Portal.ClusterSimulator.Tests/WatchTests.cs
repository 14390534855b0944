using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class WatchTests
{
    [Fact]
    public async Task Watch_WithoutResourceVersion_SendsAddedForExistingThenLiveEvents()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var (response, reader) = await client.OpenWatchAsync($"{Objects.Backups}?watch=true", cts.Token);
        using var _ = response;

        var initial = await WatchReader.ReadUntilAsync(reader, e => e.Count >= 2);
        await client.PostAsync(Objects.Backups, Objects.Backup("live"));
        await client.PatchAsync($"{Objects.Backups}/live", JsonNode.Parse("""{"spec":{"ttl":"1h0m0s"}}""")!, "application/merge-patch+json");
        await client.DeleteAsync($"{Objects.Backups}/live");
        var live = await WatchReader.ReadUntilAsync(reader, e => e.Count >= 3);

        Assert.All(initial, e => Assert.Equal("ADDED", (string?)e["type"]));
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], live.Select(e => (string?)e["type"]));
        Assert.All(live, e => Assert.Equal("live", (string?)e["object"]!["metadata"]!["name"]));
        Assert.Equal("velero.io/v1", (string?)live[0]["object"]!["apiVersion"]);
    }

    [Fact]
    public async Task Watch_FromListResourceVersion_SendsOnlyLaterChanges()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var (_, list) = await client.GetAsync(Objects.Backups);
        var rv = (string?)list!["metadata"]!["resourceVersion"];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var (response, reader) = await client.OpenWatchAsync($"{Objects.Backups}?watch=1&resourceVersion={rv}&allowWatchBookmarks=true", cts.Token);
        using var _ = response;

        await client.PostAsync(Objects.Backups, Objects.Backup("after"));
        var events = await WatchReader.ReadUntilAsync(reader, e => e.Any(x => (string?)x["type"] == "ADDED") && e.Any(x => (string?)x["type"] == "BOOKMARK"));

        var added = events.Where(e => (string?)e["type"] == "ADDED").ToList();
        Assert.Single(added);
        Assert.Equal("after", (string?)added[0]["object"]!["metadata"]!["name"]);
        var bookmark = events.First(e => (string?)e["type"] == "BOOKMARK");
        Assert.False(string.IsNullOrEmpty((string?)bookmark["object"]!["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task Watch_ExpiredResourceVersion_SendsOne410ErrorAndEnds()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        var (_, list) = await client.GetAsync(Objects.Backups);
        var rv = (string?)list!["metadata"]!["resourceVersion"];
        await client.PostAsync(Objects.Backups, Objects.Backup("b1"));
        cluster.Store.CompactHistory();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var (response, reader) = await client.OpenWatchAsync($"{Objects.Backups}?watch=true&resourceVersion={rv}", cts.Token);
        using var _ = response;
        var events = await WatchReader.ReadUntilAsync(reader, _ => false);

        var error = Assert.Single(events);
        Assert.Equal("ERROR", (string?)error["type"]);
        Assert.Equal(410, (int?)error["object"]!["code"]);
        Assert.Equal("Expired", (string?)error["object"]!["reason"]);
    }

    [Fact]
    public async Task Watch_HistoryLimitExceeded_OldResourceVersionExpires()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        cluster.Store.HistoryLimit = 3;
        var (_, list) = await client.GetAsync(Objects.Backups);
        var rv = (string?)list!["metadata"]!["resourceVersion"];
        for (var i = 0; i < 5; i++) await client.PostAsync(Objects.Backups, Objects.Backup($"b{i}"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var (response, reader) = await client.OpenWatchAsync($"{Objects.Backups}?watch=true&resourceVersion={rv}", cts.Token);
        using var _ = response;
        var events = await WatchReader.ReadUntilAsync(reader, _ => false);

        Assert.Equal("ERROR", (string?)Assert.Single(events)["type"]);
    }

    [Fact]
    public async Task Watch_WithFieldSelectorAndTimeout_FiltersAndEnds()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var (response, reader) = await client.OpenWatchAsync("/api/v1/namespaces?watch=true&fieldSelector=metadata.name%3Dvelero&timeoutSeconds=1", cts.Token);
        using var _ = response;
        var events = await WatchReader.ReadUntilAsync(reader, _ => false, timeoutMs: 8000);

        Assert.Equal("velero", (string?)Assert.Single(events)["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task Watch_ClusterWide_SeesBackupPhaseChangesAsModified()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        var (_, list) = await client.GetAsync("/apis/velero.io/v1/backups");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var (response, reader) = await client.OpenWatchAsync($"/apis/velero.io/v1/backups?watch=true&resourceVersion={(string?)list!["metadata"]!["resourceVersion"]}", cts.Token);
        using var _ = response;

        await client.PostAsync(Objects.Backups, Objects.Backup("watched", "analytics"));
        var events = await WatchReader.ReadUntilAsync(reader, e => e.Any(x => Objects.Phase(x["object"]) == "Completed"));

        var phases = events.Select(e => Objects.Phase(e["object"])).Distinct().ToList();
        Assert.Equal("ADDED", (string?)events[0]["type"]);
        Assert.Contains("InProgress", phases);
        Assert.Equal("Completed", phases[^1]);
        Assert.All(events.Skip(1), e => Assert.Equal("MODIFIED", (string?)e["type"]));
    }

    [Fact]
    public async Task Watch_SendInitialEvents_SendsStateThenInitialEventsEndBookmark()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var (response, reader) = await client.OpenWatchAsync($"{Objects.Backups}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true", cts.Token);
        using var _ = response;
        var events = await WatchReader.ReadUntilAsync(reader, e => e.Any(x => (string?)x["type"] == "BOOKMARK"));

        Assert.Equal(["ADDED", "ADDED", "BOOKMARK"], events.Select(e => (string?)e["type"]));
        Assert.Equal("true", (string?)events[2]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
    }
}
