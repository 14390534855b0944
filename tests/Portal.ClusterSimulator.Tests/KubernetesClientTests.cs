using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>
/// The official KubernetesClient, configured from the generated kubeconfig, exactly as the portal registers a
/// cluster: TLS verified against the simulator's CA, bearer token, JSON results.
/// </summary>
public sealed class KubernetesClientTests
{
    private static Kubernetes Connect(SimulatedCluster cluster)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(cluster.Kubeconfig));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        return new Kubernetes(config);
    }

    [Fact]
    public async Task ListNamespaces_FromKubeconfig_ReturnsTypedDemoNamespaces()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = Connect(cluster);

        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "shop-frontend" && n.Metadata.Labels["team"] == "shop");
        Assert.All(namespaces.Items, n => Assert.Equal("Active", n.Status.Phase));
    }

    [Fact]
    public async Task CreateAndWatchBackup_CustomObjects_SeesPhasesUntilCompleted()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = Connect(cluster);
        var backup = new Dictionary<string, object>
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Backup",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "from-client", ["namespace"] = "velero" },
            ["spec"] = new Dictionary<string, object> { ["includedNamespaces"] = new[] { "billing-api" }, ["ttl"] = "72h0m0s" },
        };

        var created = (JsonElement)await client.CustomObjects.CreateNamespacedCustomObjectAsync(backup, "velero.io", "v1", "velero", "backups");
        var rv = created.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        var phases = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var (type, item) in client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            "velero.io", "v1", "velero", "backups", resourceVersion: rv, cancellationToken: cts.Token))
        {
            var obj = (JsonElement)item;
            if (obj.GetProperty("metadata").GetProperty("name").GetString() != "from-client") continue;
            Assert.Equal(WatchEventType.Modified, type);
            var phase = obj.TryGetProperty("status", out var s) && s.TryGetProperty("phase", out var p) ? p.GetString() : null;
            if (phase is not null && (phases.Count == 0 || phases[^1] != phase)) phases.Add(phase);
            if (phase is "Completed" or "Failed" or "PartiallyFailed") break;
        }

        Assert.Equal(["New", "InProgress", "Completed"], phases);
    }

    [Fact]
    public async Task PatchAndConflicts_CustomObjects_BehaveLikeARealServer()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = Connect(cluster);
        var daily = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync("velero.io", "v1", "velero", "backups");
        var name = daily.GetProperty("items")[0].GetProperty("metadata").GetProperty("name").GetString()!;

        var patched = (JsonElement)await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"portal/pinned":"true"}}}""", V1Patch.PatchType.MergePatch), "velero.io", "v1", "velero", "backups", name);
        var strategic = await Assert.ThrowsAsync<HttpOperationException>(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.StrategicMergePatch), "velero.io", "v1", "velero", "backups", name));
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CustomObjects.GetNamespacedCustomObjectAsync("velero.io", "v1", "velero", "backups", "nope"));

        Assert.Equal("true", patched.GetProperty("metadata").GetProperty("labels").GetProperty("portal/pinned").GetString());
        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, strategic.Response.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task DeleteNamespacedCustomObject_Existing_RemovesIt()
    {
        await using var cluster = await TestCluster.StartAsync(stepMs: 600_000);
        using var client = Connect(cluster);
        var name = (string)cluster.Store.List("velero.io/v1", "Backup", "velero")[0]["metadata"]!["name"]!;

        await client.CustomObjects.DeleteNamespacedCustomObjectAsync("velero.io", "v1", "velero", "backups", name);

        Assert.Null(cluster.Store.Get("velero.io/v1", "Backup", "velero", name));
    }

    [Fact]
    public async Task CreateNamespacedJob_WatchedToCompletion_PodTerminationMessageReadable()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = Connect(cluster);
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "dump-from-client", Labels = new Dictionary<string, string> { ["kubernetes-portal.io/schedule"] = "7" } },
            Spec = new V1JobSpec
            {
                BackoffLimit = 1,
                ActiveDeadlineSeconds = 3600,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "mysqldump",
                                Image = "mysql:8.4",
                                Command = ["/bin/sh", "-c", "mysqldump --single-transaction --routines --triggers billing > /backup/out.sql"],
                                Env = [new V1EnvVar { Name = "ARTIFACT_PREFIX", Value = "s3://dumps/billing" }],
                            },
                        ],
                    },
                },
            },
        };

        var created = await client.BatchV1.CreateNamespacedJobAsync(job, "billing-api");
        V1Job? finished = null;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var (type, item) in client.BatchV1.WatchListNamespacedJobAsync("billing-api",
            fieldSelector: "metadata.name=dump-from-client", resourceVersion: created.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            if (item.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true)
            {
                finished = item;
                break;
            }
        }
        var pods = await client.CoreV1.ListNamespacedPodAsync("billing-api", labelSelector: "job-name=dump-from-client");

        Assert.NotNull(finished);
        Assert.Equal("Complete", finished!.Status.Conditions.Single().Type);
        Assert.Equal(1, finished.Status.Succeeded);
        Assert.NotNull(finished.Status.CompletionTime);
        var pod = Assert.Single(pods.Items);
        Assert.Equal("Succeeded", pod.Status.Phase);
        var terminated = pod.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(0, terminated.ExitCode);
        using var message = JsonDocument.Parse(terminated.Message);
        Assert.Equal("Succeeded", message.RootElement.GetProperty("status").GetString());
        Assert.Equal("s3://dumps/billing/dump-from-client.dump", message.RootElement.GetProperty("artifact").GetString());
        Assert.Equal("mysqldump 8.4", message.RootElement.GetProperty("tool").GetString());
    }
}
