using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task TwoClusters_InOneProcess_AreIndependent()
    {
        await using var east = await TestCluster.StartAsync(name: "prod-east", stepMs: 600_000);
        await using var west = await TestCluster.StartAsync(name: "dr-west", stepMs: 600_000);
        using var eastClient = new ApiClient(east);
        using var westClient = new ApiClient(west);

        await eastClient.PostAsync("/api/v1/namespaces", Objects.Namespace("only-east"));
        var (westCode, _) = await westClient.GetAsync("/api/v1/namespaces/only-east");
        using var wrongCluster = new ApiClient(west, token: east.Token);
        var (crossToken, _) = await wrongCluster.GetAsync("/api/v1/namespaces");

        Assert.NotEqual(east.Url, west.Url);
        Assert.Equal(HttpStatusCode.NotFound, westCode);
        Assert.Equal(HttpStatusCode.Unauthorized, crossToken);
        Assert.NotNull(west.Store.Get("v1", "Namespace", null, "team-dr-west"));
    }

    [Fact]
    public async Task CreateSecret_WithStringData_StoresBase64Data()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PostAsync("/api/v1/namespaces/default/secrets", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"},"stringData":{"key":"value"}}
            """)!);

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("dmFsdWU=", (string?)body!["data"]!["key"]);
        Assert.Null(body["stringData"]);
    }

    [Fact]
    public async Task Program_WithPortAndKubeconfig_WritesKubeconfigServesAndStopsOnSigterm()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Portal.ClusterSimulator.dll");
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.kubeconfig");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--port", "0", "--kubeconfig", kubeconfig, "--name", "cli", "--no-demo" }) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string? line;
            do line = await process.StandardOutput.ReadLineAsync(cts.Token);
            while (line is not null && !line.Contains("listening on", StringComparison.Ordinal));

            Assert.NotNull(line);
            var url = new Uri(line![(line.IndexOf("https://", StringComparison.Ordinal))..].Trim());
            var text = await File.ReadAllTextAsync(kubeconfig, cts.Token);
            Assert.Contains("current-context: cli", text);
            Assert.Contains($"server: https://127.0.0.1:{url.Port}", text);

            // SIGTERM (kill, docker stop) must end it cleanly
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(cts.Token);
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            File.Delete(kubeconfig);
        }
    }
}
