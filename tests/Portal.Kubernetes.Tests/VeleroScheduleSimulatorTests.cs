using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Domain.Common;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary>A Schedule as the portal builds it, written by the one apply path to the simulated Velero (strict field
/// validation against the real CRD when it is there): it is accepted, enabled, and its backups cover the namespace and
/// carry the portal's labels next to Velero's schedule label.</summary>
public class VeleroScheduleSimulatorTests
{
    [Fact]
    public async Task BuiltSchedule_Applied_IsEnabledAndItsFirstBackupCarriesThePortalsLabels()
    {
        await using var sim = await Simulator.StartAsync();
        var options = Options.Create(GatewayFactory.FastOptions());
        var clients = new KubernetesClientFactory(options, NullLogger<KubernetesClientFactory>.Instance);
        var schedule = VeleroObjectBuilder.Schedule(VeleroObjectBuilderTests.ScheduleSpec() with { Namespace = "analytics" }, "velero");
        var name = (string)schedule["metadata"]!["name"]!;

        var applied = await ServerSideApply.ApplyAsync(clients, NullLogger.Instance, sim.Connection(),
            new ApplyTarget(VeleroApi.Group, VeleroApi.Version, "schedules", "Schedule", "velero", name, $"Schedule {name}"),
            schedule, new ApplyOwnership(PortalLabels.RequestId, "req-1", "this request"), ApplyPolicy.AdoptOwnRefuseForeign, CancellationToken.None);
        var backup = await Eventually.UntilAsync(
            () => Task.FromResult(sim.Store.List("velero.io/v1", "Backup", "velero")
                .FirstOrDefault(b => (string?)b["metadata"]!["labels"]?["velero.io/schedule-name"] == name)),
            b => (string?)b["status"]?["phase"] == "Completed", "the schedule's first backup");

        Assert.Equal(ApplyOutcome.Created, applied.Outcome);
        Assert.Equal("Enabled", (string?)sim.Store.Get("velero.io/v1", "Schedule", "velero", name)!["status"]!["phase"]);
        var labels = backup["metadata"]!["labels"]!;
        Assert.Equal("shop", (string?)labels[PortalLabels.Tenant]);
        Assert.Equal("req-1", (string?)labels[PortalLabels.RequestId]);
        Assert.Equal("analytics", (string?)backup["spec"]!["includedNamespaces"]![0]);
        Assert.True((bool)backup["spec"]!["snapshotMoveData"]!);
    }
}
