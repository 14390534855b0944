using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>The shared test support (tests/Portal.TestSupport) that the other test projects rely on: where the real CRDs
/// are found, and the controller passes that stand in for "wait and see that nothing happened".</summary>
public sealed class TestSupportTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("testsupport-");

    public void Dispose() => _root.Delete(recursive: true);

    private string CrdFolder(string under, params string[] subfolders)
    {
        var dir = Path.Combine(_root.FullName, under, "shared", "crds");
        foreach (var sub in subfolders) Directory.CreateDirectory(Path.Combine(dir, sub));
        return dir;
    }

    [Fact]
    public void SharedCrds_WalksUpFromTheBinaries_ToTheFirstFolderWithVeleroAndTheKubernetesSchemas()
    {
        var complete = CrdFolder("a", "velero", "kubernetes-openapi-v3");
        CrdFolder(Path.Combine("a", "checkout"), "velero"); // nearer, but without the schemas
        var binaries = Directory.CreateDirectory(Path.Combine(_root.FullName, "a", "checkout", "tests", "bin")).FullName;

        Assert.Equal(complete, SharedCrds.Locate(null, binaries));
        Assert.Null(SharedCrds.Locate(null, _root.FullName));
    }

    [Fact]
    public void SharedCrds_EnvironmentVariable_WinsAndAWrongOneFindsNothing()
    {
        var walked = CrdFolder("walk", "velero", "kubernetes-openapi-v3");
        var chosen = CrdFolder("env", "velero", "kubernetes-openapi-v3");
        var start = Path.GetDirectoryName(Path.GetDirectoryName(walked))!;

        Assert.Equal(chosen, SharedCrds.Locate(chosen, start));
        Assert.Null(SharedCrds.Locate(Path.Combine(_root.FullName, "nowhere"), start));
        Assert.Equal(walked, SharedCrds.Locate("  ", start));
    }

    [Fact]
    public async Task ControllerPasses_ReturnsOnlyAfterAWholePassSinceTheCall()
    {
        // Slow passes (400 ms): a wait that returned early would find the Service still without its address.
        await using var cluster = await TestCluster.StartAsync(seed: false, stepMs: 400);
        cluster.Store.Put(JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"edge","namespace":"default"},"spec":{"type":"LoadBalancer","selector":{"app":"edge"},"ports":[{"port":443}]}}""")!);

        await ControllerPasses.WaitAsync(cluster);

        Assert.NotNull(cluster.Store.Get("v1", "Service", "default", "edge")!["status"]?["loadBalancer"]?["ingress"]);
        Assert.Empty(cluster.Store.List("apps/v1", "Deployment", "default")); // the markers are gone
    }
}
