using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Execution.Databases;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Databases;

/// <summary>The dump tracker with two clusters, one of which does not answer: the other's runs are still recorded,
/// without waiting for the silent one, and the silent one costs no more than a log line.</summary>
public class DumpTrackerFaultTests
{
    [Fact]
    public async Task Tracker_OneClusterHangs_RecordsTheOtherClustersRunsWithoutWaitingForIt()
    {
        var westClock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        await using var w = await DatabaseWorld.CreateAsync();
        var east = await w.ScheduleAsync();
        Assert.Equal(RequestStatus.Succeeded, (await w.CompleteAsync(east.RequestId)).Summary.Status);
        var (west, westDatabase) = await w.AddClusterAsync("prod-west", westClock);
        var westSchedule = await w.ScheduleAsync(database: westDatabase);
        Assert.Equal(RequestStatus.Succeeded, (await w.CompleteAsync(westSchedule.RequestId)).Summary.Status);
        var label = (await w.ScheduleOfAsync(westSchedule.ScheduleId)).LabelValue;
        westClock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => west.Store.List("batch/v1", "Job", "shop-frontend").Any(j =>
            j["metadata"]?["labels"]?["kubernetes-portal.io/dump-schedule-id"]?.GetValue<string>() == label
            && j["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Complete") == true), "prod-west's scheduled run");
        w.World.Cluster.Faults.HangRequests = true; // prod-east stops answering

        var tracker = w.World.Portal.Services.GetRequiredService<DumpRunTracker>();
        var round = await tracker.StartRoundAsync(CancellationToken.None);
        var recordedWhileEastHung = false;
        while (!round.IsCompleted && !recordedWhileEastHung)
        {
            recordedWhileEastHung = (await w.ArtifactsAsync(westSchedule.ScheduleId)).Any(a => a.Status == DumpArtifactStatus.Succeeded);
            await Task.Delay(50);
        }

        Assert.True(recordedWhileEastHung, "prod-west's run was recorded only after prod-east's calls gave up");
        Assert.False(round.IsCompleted, "prod-east was expected to be still hanging");
        await round; // prod-east's round ends in a log line, not an exception
        w.World.Cluster.Faults.HangRequests = false;
        await w.TrackOnceAsync();
        Assert.Equal(DumpTrigger.Schedule, Assert.Single(await w.ArtifactsAsync(westSchedule.ScheduleId)).Trigger);
        Assert.Empty(await w.ArtifactsAsync(east.ScheduleId));
    }
}
