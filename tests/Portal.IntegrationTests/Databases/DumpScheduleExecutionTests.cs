using Microsoft.Extensions.Time.Testing;
using Portal.Application.Features.Databases.Schedules;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Databases;

/// <summary>A dump schedule carried to the simulated cluster (whose batch/v1 schema is Kubernetes' own), the runs its
/// CronJob makes on the cluster's fake clock recorded by the tracker, and its removal.</summary>
public class DumpScheduleExecutionTests
{
    private const string ScheduleLabel = "kubernetes-portal.io/dump-schedule-id";

    [CrdsFact]
    public async Task ApplySchedule_NewClaim_CreatesClaimAndACronJobValidAgainstBatchV1()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await w.ScheduleAsync();

        var done = await w.CompleteAsync(created.RequestId);

        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        var schedule = await w.ScheduleOfAsync(created.ScheduleId);
        Assert.Equal(DumpScheduleState.Active, schedule.State);
        var cronJob = Assert.Single(w.Objects("batch/v1", "CronJob"), c => c["metadata"]!["name"]!.GetValue<string>() == schedule.CronJobName);
        w.AssertValid("batch/v1", "CronJob", cronJob, "apis__batch__v1_openapi.json");
        Assert.Equal("Forbid", cronJob["spec"]!["concurrencyPolicy"]!.GetValue<string>());
        Assert.Equal(("0 2 * * *", "Etc/UTC", false), (cronJob["spec"]!["schedule"]!.GetValue<string>(), cronJob["spec"]!["timeZone"]!.GetValue<string>(),
            cronJob["spec"]!["suspend"]!.GetValue<bool>()));
        Assert.Equal(schedule.LabelValue, cronJob["metadata"]!["labels"]![ScheduleLabel]!.GetValue<string>());
        Assert.Equal(schedule.LabelValue, cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["metadata"]!["labels"]![ScheduleLabel]!.GetValue<string>());
        var claim = Assert.Single(w.Objects("v1", "PersistentVolumeClaim"), c => c["metadata"]!["name"]!.GetValue<string>() == "orders-dumps");
        Assert.Equal("5Gi", claim["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
        Assert.Contains(done.Timeline, t => t.Title.StartsWith("Writing CronJob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tracker_CronJobRunsOnTheClusterClock_RecordsOneArtifactPerRun()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        await using var w = await DatabaseWorld.CreateAsync(clock);
        var created = await w.ScheduleAsync(cron: "0 2 * * *");
        await w.CompleteAsync(created.RequestId);
        var schedule = await w.ScheduleOfAsync(created.ScheduleId);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1)); // 02:01: the first run is due
        await Eventually.TrueAsync(() => w.JobsLabelled(ScheduleLabel, schedule.LabelValue).Any(IsComplete), "the CronJob's first run to complete");
        await w.TrackOnceAsync();
        Assert.Single(await w.ArtifactsAsync(created.ScheduleId));

        // The next day: the first Job expires (ttlSecondsAfterFinished is a day) as the second one runs; its dump stays recorded.
        clock.Advance(TimeSpan.FromDays(1));
        await Eventually.TrueAsync(() => w.JobsLabelled(ScheduleLabel, schedule.LabelValue).Count(IsComplete) == 1
            && w.JobsLabelled(ScheduleLabel, schedule.LabelValue).All(j => !j["metadata"]!["name"]!.GetValue<string>().EndsWith(
                (new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() / 60).ToString(System.Globalization.CultureInfo.InvariantCulture),
                StringComparison.Ordinal)), "the second run to complete and the first to expire");
        await w.TrackOnceAsync();
        await w.TrackOnceAsync(); // a second round records nothing twice

        var artifacts = await w.ArtifactsAsync(created.ScheduleId);
        Assert.Equal(2, artifacts.Count);
        Assert.All(artifacts, a =>
        {
            Assert.Equal((DumpTrigger.Schedule, DumpArtifactStatus.Succeeded, (Guid?)null), (a.Trigger, a.Status, a.RequestId));
            Assert.StartsWith(schedule.CronJobName + "-", a.JobName, StringComparison.Ordinal);
            Assert.True(a.SizeBytes > 0);
            Assert.Matches("^[0-9a-f]{64}$", a.Sha256!);
            Assert.NotNull(a.Location);
        });
    }

    [Fact]
    public async Task SuspendThenRemove_SuspendsTheCronJobThenDeletesIt()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);
        var schedule = await w.ScheduleOfAsync(created.ScheduleId);

        var suspend = await w.Act<ChangeDumpSchedule, Guid>(u => u.HandleAsync(new ChangeDumpScheduleCommand(created.ScheduleId, DumpScheduleChange.Suspend)));
        Assert.Equal(RequestStatus.Succeeded, (await w.CompleteAsync(suspend)).Summary.Status);
        var cronJob = Assert.Single(w.Objects("batch/v1", "CronJob"), c => c["metadata"]!["name"]!.GetValue<string>() == schedule.CronJobName);
        Assert.True(cronJob["spec"]!["suspend"]!.GetValue<bool>());

        var remove = await w.Act<ChangeDumpSchedule, Guid>(u => u.HandleAsync(
            new ChangeDumpScheduleCommand(created.ScheduleId, DumpScheduleChange.Remove, ConfirmName: "nightly")));
        var removed = await w.CompleteAsync(remove);

        Assert.Equal(RequestStatus.Succeeded, removed.Summary.Status);
        Assert.DoesNotContain(w.Objects("batch/v1", "CronJob"), c => c["metadata"]!["name"]!.GetValue<string>() == schedule.CronJobName);
        Assert.Equal(DumpScheduleState.Removed, (await w.ScheduleOfAsync(created.ScheduleId)).State);
        Assert.Contains(removed.Timeline, t => t.Title.StartsWith("Deleting CronJob", StringComparison.Ordinal));
    }

    private static bool IsComplete(System.Text.Json.Nodes.JsonObject job) =>
        job["status"]?["conditions"] is System.Text.Json.Nodes.JsonArray c && c.Any(x => x?["type"]?.GetValue<string>() == "Complete");
}
