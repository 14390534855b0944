using System.Text.Json.Nodes;
using Portal.ClusterSimulator;

namespace Portal.TestSupport;

/// <summary>
/// The event that shows a simulated cluster's controllers had their chance: instead of sleeping and then asserting that
/// nothing happened, a test calls <see cref="WaitAsync"/> and asserts after it. The controllers run every reconciler
/// once per pass, in a fixed order; a marker Deployment in <c>default</c> is reported by the workload controller in the
/// first pass that sees it. Three markers one after the other: the first is reported in some pass P (which may have
/// begun before the call), the second in P+1 or later (so that pass began after the call), the third in a pass after
/// that (so the pass that began after the call has finished, every reconciler included). Each marker is deleted once
/// reported. Works whatever the cluster's clock (a FakeTimeProvider included): passes follow real time.
/// </summary>
public static class ControllerPasses
{
    private static int _next;

    public static async Task WaitAsync(SimulatedCluster cluster, int timeoutMs = 10000)
    {
        for (var i = 0; i < 3; i++)
        {
            var name = $"controller-pass-marker-{Interlocked.Increment(ref _next)}";
            cluster.Store.Put(Marker(name));
            await Eventually.UntilAsync(() => Task.FromResult(cluster.Store.Get("apps/v1", "Deployment", "default", name)),
                d => d["status"]?["observedGeneration"] is not null, $"a pass of {cluster.ClusterName}'s controllers", timeoutMs);
            cluster.Store.Delete("apps/v1", "Deployment", "default", name);
        }
    }

    private static JsonObject Marker(string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 0,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "marker", ["image"] = "registry.k8s.io/pause:3.10" }) },
            },
        },
    };
}
