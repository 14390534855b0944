using System.Net;
using System.Net.Http;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task FailRequests_WithCount_Returns503ThenRecovers()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);
        cluster.Faults.FailRequests(503, count: 2);

        var (first, body) = await client.GetAsync("/api/v1/namespaces");
        var (second, _) = await client.GetAsync("/api/v1/namespaces");
        var (third, _) = await client.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first);
        Assert.Equal("ServiceUnavailable", (string?)body!["reason"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second);
        Assert.Equal(HttpStatusCode.OK, third);
    }

    [Fact]
    public async Task FailRequests_WithPathFilter_OnlyMatchingPathsFail()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        cluster.Faults.FailRequests(500, pathContains: "/backups");

        var (backups, _) = await client.GetAsync(Objects.Backups);
        var (namespaces, _) = await client.GetAsync("/api/v1/namespaces");

        Assert.Equal(HttpStatusCode.InternalServerError, backups);
        Assert.Equal(HttpStatusCode.OK, namespaces);
    }

    [Fact]
    public async Task HangRequests_ClientTimeout_RequestNeverAnswers()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);
        cluster.Faults.HangRequests = true;

        var task = client.GetAsync("/api/v1/namespaces");
        var winner = await Task.WhenAny(task, Task.Delay(700));
        cluster.Faults.HangRequests = false;
        var (code, _) = await task;

        Assert.NotSame(task, winner);
        Assert.Equal(HttpStatusCode.OK, code);
    }

    [Fact]
    public async Task StopAsync_ThenStartAgain_RefusesThenServesSameStateOnSamePort()
    {
        await using var cluster = await TestCluster.StartAsync();
        var url = cluster.Url;
        using var client = new ApiClient(cluster);
        await client.PostAsync("/api/v1/namespaces", Objects.Namespace("survivor"));

        await cluster.StopAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/api/v1/namespaces"));
        await cluster.StartAgainAsync();
        using var again = new ApiClient(cluster);
        var (code, _) = await again.GetAsync("/api/v1/namespaces/survivor");

        Assert.Equal(url, cluster.Url);
        Assert.Equal(HttpStatusCode.OK, code);
    }

    [Fact]
    public async Task Kubeconfig_Generated_NamesClusterAndCarriesTokenAndCa()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false, name: "dr-west");

        var kubeconfig = cluster.Kubeconfig;

        Assert.Contains("current-context: dr-west", kubeconfig);
        Assert.Contains($"token: {cluster.Token}", kubeconfig);
        Assert.Contains($"server: https://127.0.0.1:{cluster.Url.Port}", kubeconfig);
        Assert.Contains("certificate-authority-data: " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(cluster.CaCertificatePem)), kubeconfig);
    }

    [Fact]
    public async Task StopAsync_WithOpenWatch_EndsTheStreamPromptly()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = new ApiClient(cluster);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var (response, reader) = await client.OpenWatchAsync($"{Objects.Backups}?watch=true", cts.Token);
        using var _ = response;
        await WatchReader.ReadUntilAsync(reader, e => e.Count >= 2);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await cluster.StopAsync();
        var ended = await Record.ExceptionAsync(async () => await WatchReader.ReadUntilAsync(reader, _ => false, timeoutMs: 5000));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"stop took {stopwatch.Elapsed}");
        Assert.True(ended is null or IOException or HttpRequestException, $"unexpected {ended}");
    }

    [Fact]
    public async Task LoseForGood_DropsEveryConnection_CountsThem_AndResetDoesNotBringItBack()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);
        var (before, _) = await client.GetAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.OK, before);

        cluster.Faults.LoseForGood();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/api/v1/namespaces"));
        cluster.Faults.Reset();
        cluster.Faults.HangRequests = false;
        using var again = new ApiClient(cluster);
        await Assert.ThrowsAsync<HttpRequestException>(() => again.GetAsync("/version"));

        Assert.True(cluster.Faults.IsLost);
        Assert.Equal(2, cluster.Faults.ContactsSinceLost);
    }
}
