using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Protection;
using Portal.Kubernetes.Protection;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Protection;

/// <summary>The follow gateway against the simulator: a whole collection listed, then each change, and listed again
/// after a 410 so a deletion made while the watch was away is seen.</summary>
public class VeleroFollowGatewayTests
{
    private static KubernetesVeleroFollowGateway Gateway()
    {
        var opts = Options.Create(GatewayFactory.FastOptions());
        return new KubernetesVeleroFollowGateway(new KubernetesClientFactory(opts, NullLogger<KubernetesClientFactory>.Instance), opts,
            NullLogger<KubernetesVeleroFollowGateway>.Instance);
    }

    private static JsonObject Backup(string name) => new()
    {
        ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
        ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray("analytics") },
    };

    [Fact]
    public async Task Backups_AreListedThenFollowed_AndListedAgainAfterA410()
    {
        await using var sim = await Simulator.StartAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = Gateway().FollowBackupsAsync(sim.Connection(), "velero", stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(FollowEventKind.Listed, events.Current.Kind);
        Assert.Contains(events.Current.Items, b => b.ScheduleName == "daily"); // the seeded schedule's backups

        sim.Store.Put(Backup("one"));
        await NextAsync(events, e => e.Kind == FollowEventKind.Changed && e.Items[0].Name == "one");
        sim.Store.Delete("velero.io/v1", "Backup", "velero", "one");
        await NextAsync(events, e => e.Kind == FollowEventKind.Deleted && e.Items[0].Name == "one");

        // Away: a backup made and another deleted, and the history the watch would resume from trimmed.
        await sim.StopAsync();
        sim.Store.Put(Backup("two"));
        var daily = sim.Store.List("velero.io/v1", "Backup", "velero").First(b => (string?)b["metadata"]!["labels"]?["velero.io/schedule-name"] == "daily");
        sim.Store.Delete("velero.io/v1", "Backup", "velero", (string)daily["metadata"]!["name"]!);
        sim.Store.CompactHistory();
        await sim.StartAgainAsync();

        var relisted = await NextAsync(events, e => e.Kind == FollowEventKind.Listed);
        Assert.Contains(relisted.Items, b => b.Name == "two");
        Assert.DoesNotContain(relisted.Items, b => b.Name == (string)daily["metadata"]!["name"]!);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Schedules_AndLocations_AreFollowed()
    {
        await using var sim = await Simulator.StartAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var gateway = Gateway();

        var schedules = gateway.FollowSchedulesAsync(sim.Connection(), "velero", stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await schedules.MoveNextAsync());
        var daily = Assert.Single(schedules.Current.Items, s => s.Name == "daily");
        Assert.Equal("0 2 * * *", daily.Cron);
        Assert.NotEmpty(daily.SpecHash);

        var locations = gateway.FollowLocationsAsync(sim.Connection(), "velero", LocationKind.BackupStorage, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await locations.MoveNextAsync());
        Assert.Equal("Available", Assert.Single(locations.Current.Items, l => l.Name == "default").Phase);
        sim.Faults.MakeLocationUnavailable("default", "AccessDenied");
        var unavailable = await NextAsync(locations, e => e.Kind == FollowEventKind.Changed && e.Items[0].Phase == "Unavailable");
        Assert.Equal("AccessDenied", unavailable.Items[0].Message);

        var snapshots = gateway.FollowLocationsAsync(sim.Connection(), "velero", LocationKind.VolumeSnapshot, stop.Token).GetAsyncEnumerator(stop.Token);
        Assert.True(await snapshots.MoveNextAsync());
        Assert.Contains(snapshots.Current.Items, l => l.Name == "default" && l.Kind == LocationKind.VolumeSnapshot);
        await stop.CancelAsync();
    }

    private static async Task<FollowEvent<T>> NextAsync<T>(IAsyncEnumerator<FollowEvent<T>> events, Func<FollowEvent<T>, bool> wanted)
    {
        while (await events.MoveNextAsync())
        {
            if (wanted(events.Current)) return events.Current;
        }

        throw new InvalidOperationException("The follow ended before the awaited event.");
    }
}
