using System.Text.Json.Nodes;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots.Restore;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using static Portal.IntegrationTests.Snapshots.ClaimRestoreWorld;

namespace Portal.IntegrationTests.Snapshots;

/// <summary>A fast rollback waits for the rolled-back workload only: another workload of the namespace that never becomes ready
/// does not put the original data back, and when the rolled-back one does not come back, the failure names it.</summary>
public sealed class ClaimRollbackReadinessTests
{
    private const string Broken = "broken-exporter";

    /// <summary>A Deployment of reports whose pods never become ready (as with an image that cannot be pulled).</summary>
    private static void AddBrokenDeployment(ClaimRestoreWorld w)
    {
        w.Cluster.Faults.NeverReady(Broken);
        w.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = Broken, ["namespace"] = Ns, ["labels"] = new JsonObject { ["app"] = Broken } },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Broken } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = Broken } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "exporter", ["image"] = "example.test/missing:1" }) },
                },
            },
        });
    }

    [Fact]
    public async Task Rollback_AnotherDeploymentOfTheNamespaceNeverReady_IsVerifiedAnyway()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        AddBrokenDeployment(w);
        var id = MigrationWorld.Ok(await w.AsAsync<RollBackClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RollBackClaimCommand(w.ReportsId, Snapshot, Renderer, Claim, "bad import"))));
        await w.ApproveAsync(id, w.Rita);

        var done = await w.WaitAsync(id);
        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        Assert.Equal("Released", Text(JsonNode.Parse(done.ResultJson!)!["step"]));
        Assert.Equal(Snapshot, Text(ClaimOf(w.Cluster, Claim)!["spec"]?["dataSource"]?["name"]));
        var broken = w.Cluster.Store.Get("apps/v1", "Deployment", Ns, Broken)!;
        Assert.NotEqual(1, broken["status"]?["availableReplicas"]?.GetValue<int>()); // it really was not ready all along
    }

    [Fact]
    public async Task Rollback_TheRolledBackWorkloadNeverReady_PutsTheOriginalBack_NamingIt()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync();
        var oldVolume = Text(ClaimOf(w.Cluster, Claim)!["spec"]?["volumeName"])!;
        var id = MigrationWorld.Ok(await w.AsAsync<RollBackClaim, Result<Guid>>(w.Sam, u =>
            u.HandleAsync(new RollBackClaimCommand(w.ReportsId, Snapshot, Renderer, Claim, null))));
        w.Cluster.Faults.NeverReady(Renderer.Name);
        await w.ApproveAsync(id, w.Rita);

        var done = await w.WaitAsync(id, seconds: 120);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains($"Deployment {Renderer.Name} (0 of 1 available)", done.FailureReason);
        Assert.Contains("original data was put back", done.FailureReason);
        Assert.Equal(oldVolume, Text(ClaimOf(w.Cluster, Claim)!["spec"]?["volumeName"]));
    }
}
