using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Protection;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary>The protection gateway against the simulated Velero: the portal's own Schedule is created, changed in place
/// and deleted; one of that name that is not the portal's is refused and left as it is; a backup now is made once from
/// the Schedule's template.</summary>
public class ProtectionGatewayTests
{
    private const string Name = "portal-protect-0123456789abcdef0123456789abcdef";

    private static VeleroScheduleSpec Spec(bool paused = false, string cron = "0 2 * * *") =>
        VeleroObjectBuilderTests.ScheduleSpec() with
        {
            Name = Name, Namespace = "analytics", Cron = cron, Paused = paused, Hooks = VeleroObjectBuilderTests.Hooks,
            Labels = new Dictionary<string, string>
            {
                [PortalLabels.RequestId] = "req-1", [PortalLabels.Tenant] = "shop", [PortalLabels.ProtectionId] = "0123456789abcdef0123456789abcdef",
            },
        };

    [Fact]
    public async Task Apply_CreatesThenChangesInPlace_WithTheStoredSpecsFingerprint_AndDeleteRemovesIt()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();

        var created = await gateway.ApplyScheduleAsync(sim.Connection(), "velero", Spec(), default);
        var paused = await gateway.ApplyScheduleAsync(sim.Connection(), "velero", Spec(paused: true, cron: "0 3 * * *"), default);

        var stored = sim.Store.Get("velero.io/v1", "Schedule", "velero", Name)!;
        Assert.Equal(ScheduleSpecHash.Of(JsonSerializer.SerializeToElement(stored["spec"])), paused.SpecHash);
        Assert.NotEqual(created.SpecHash, paused.SpecHash);
        Assert.Equal(created.Uid, paused.Uid); // the same object, changed in place
        Assert.True(paused.Paused);
        Assert.Equal("CRON_TZ=Europe/Berlin 0 3 * * *", paused.Cron);
        Assert.Equal(["analytics"], paused.IncludedNamespaces);

        await gateway.DeleteScheduleAsync(sim.Connection(), "velero", Name, default);
        Assert.Null(await gateway.GetScheduleAsync(sim.Connection(), "velero", Name, default));
        await gateway.DeleteScheduleAsync(sim.Connection(), "velero", Name, default); // gone already is done
    }

    [Fact]
    public async Task ApplyAndDelete_ASchedulesOfThatNameThatIsNotThePortals_AreRefusedAndLeaveItAsItIs()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        sim.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Schedule",
            ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["schedule"] = "0 5 * * *", ["template"] = new JsonObject { ["includedNamespaces"] = new JsonArray("payments") } },
        });

        var apply = await Assert.ThrowsAsync<ClusterAccessException>(() => gateway.ApplyScheduleAsync(sim.Connection(), "velero", Spec(), default));
        var delete = await Assert.ThrowsAsync<ClusterAccessException>(() => gateway.DeleteScheduleAsync(sim.Connection(), "velero", Name, default));

        Assert.Equal((ClusterFault.Conflict, ClusterFault.Conflict), (apply.Fault, delete.Fault));
        Assert.Contains("the portal will not overwrite it", apply.Message);
        Assert.Contains("the portal will not delete it", delete.Message);
        Assert.Equal("0 5 * * *", (string?)sim.Store.Get("velero.io/v1", "Schedule", "velero", Name)!["spec"]!["schedule"]);
    }

    [Fact]
    public async Task BackupFromSchedule_IsTheTemplateWithTheScheduleLabel_MadeOnce()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        await gateway.ApplyScheduleAsync(sim.Connection(), "velero", Spec(paused: true), default);
        var labels = new Dictionary<string, string> { [PortalLabels.RequestId] = "req-now", [PortalLabels.Tenant] = "shop" };

        await gateway.EnsureBackupFromScheduleAsync(sim.Connection(), "velero", Name, "portal-now-1", labels, default);
        await gateway.EnsureBackupFromScheduleAsync(sim.Connection(), "velero", Name, "portal-now-1", labels, default);

        var backup = Assert.Single(sim.Store.List("velero.io/v1", "Backup", "velero"), b => (string?)b["metadata"]!["name"] == "portal-now-1");
        Assert.Equal(Name, (string?)backup["metadata"]!["labels"]![VeleroApi.ScheduleNameLabel]);
        Assert.Equal("req-now", (string?)backup["metadata"]!["labels"]![PortalLabels.RequestId]);
        Assert.Equal("0123456789abcdef0123456789abcdef", (string?)backup["metadata"]!["labels"]![PortalLabels.ProtectionId]);
        Assert.Equal("analytics", (string?)backup["spec"]!["includedNamespaces"]![0]);
        Assert.Equal("freeze", (string?)backup["spec"]!["hooks"]!["resources"]![0]!["name"]);
        Assert.False(backup["spec"]!.AsObject().ContainsKey("metadata"));
    }
}
