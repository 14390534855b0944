using Microsoft.Extensions.Time.Testing;
using Portal.Application.Features.Databases.Schedules;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Databases;

/// <summary>Schedules run by CloudNativePG (the demo Cluster shop-db in shop-payments): the ScheduledBackup, checked
/// against the operator's own CRD; "back up now" as a Backup; and the Backups the operator makes on its schedule.</summary>
public class OperatorBackupExecutionTests
{
    private const string Cnpg = "postgresql.cnpg.io/v1";

    [CrdsFact]
    public async Task ApplyOperatorSchedule_CreatesAScheduledBackupValidAgainstTheCrd()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await ScheduleAsync(w);

        var done = await w.CompleteAsync(created.RequestId);

        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        var schedule = await w.ScheduleOfAsync(created.ScheduleId);
        Assert.Equal(DumpScheduleState.Active, schedule.State);
        var scheduled = w.World.Cluster.Store.Get(Cnpg, "ScheduledBackup", "shop-payments", schedule.ScheduledBackupName)!;
        w.AssertValid(Cnpg, "ScheduledBackup", scheduled, "postgresql.cnpg.io_scheduledbackups.yaml");
        Assert.Equal(("0 0 3 * * *", "shop-db", "barmanObjectStore"), (scheduled["spec"]!["schedule"]!.GetValue<string>(),
            scheduled["spec"]!["cluster"]!["name"]!.GetValue<string>(), scheduled["spec"]!["method"]!.GetValue<string>()));
        Assert.Equal(schedule.LabelValue, scheduled["metadata"]!["labels"]!["kubernetes-portal.io/dump-schedule-id"]!.GetValue<string>());
    }

    [CrdsFact]
    public async Task DumpNow_OperatorSchedule_CreatesABackupAndRecordsItWhenCompleted()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await ScheduleAsync(w);
        await w.CompleteAsync(created.RequestId);

        var id = await w.DumpNowAsync(created.ScheduleId);
        var done = await w.CompleteAsync(id);

        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        var artifact = Assert.Single(await w.ArtifactsAsync(created.ScheduleId));
        Assert.Equal((DumpMethod.CloudNativePg, DumpArtifactStatus.Succeeded, DumpTrigger.Manual), (artifact.Method, artifact.Status, artifact.Trigger));
        Assert.StartsWith("s3://cnpg-backups/shop-payments/shop-db/", artifact.Location, StringComparison.Ordinal);
        var backup = w.World.Cluster.Store.Get(Cnpg, "Backup", "shop-payments", artifact.JobName)!;
        w.AssertValid(Cnpg, "Backup", backup, "postgresql.cnpg.io_backups.yaml");
        Assert.Equal(id.ToString(), backup["metadata"]!["labels"]!["kubernetes-portal.io/request-id"]!.GetValue<string>());
        Assert.Contains(done.Timeline, t => t.Title.EndsWith(": completed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DumpNow_OperatorBackupFails_FailsWithTheOperatorsError()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await ScheduleAsync(w);
        await w.CompleteAsync(created.RequestId);
        w.World.Cluster.Faults.FailNextDatabaseBackup(error: "barman-cloud-backup: exit status 4: no credentials for bucket");

        var done = await w.CompleteAsync(await w.DumpNowAsync(created.ScheduleId));

        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("no credentials for bucket", done.Summary.FailureReason);
        Assert.Equal(DumpArtifactStatus.Failed, Assert.Single(await w.ArtifactsAsync(created.ScheduleId)).Status);
    }

    [Fact]
    public async Task Tracker_BackupsTheScheduledBackupMakes_AreRecordedOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        await using var w = await DatabaseWorld.CreateAsync(clock);
        var created = await ScheduleAsync(w);
        await w.CompleteAsync(created.RequestId);
        var schedule = await w.ScheduleOfAsync(created.ScheduleId);
        await Eventually.TrueAsync(() => w.World.Cluster.Store.Get(Cnpg, "ScheduledBackup", "shop-payments", schedule.ScheduledBackupName)?["status"]?["lastCheckTime"] is not null,
            "the operator to look at the ScheduledBackup");

        clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1)); // 03:01: the 03:00 backup is due
        await Eventually.TrueAsync(() => w.Objects(Cnpg, "Backup", "shop-payments").Any(b =>
            b["metadata"]!["name"]!.GetValue<string>().StartsWith(schedule.ScheduledBackupName, StringComparison.Ordinal)
            && b["status"]?["phase"]?.GetValue<string>() == "completed"), "the scheduled Backup to complete");
        await w.TrackOnceAsync();
        await w.TrackOnceAsync();

        var artifact = Assert.Single(await w.ArtifactsAsync(created.ScheduleId));
        Assert.Equal((DumpTrigger.Schedule, DumpArtifactStatus.Succeeded), (artifact.Trigger, artifact.Status));
        Assert.Equal($"{schedule.ScheduledBackupName}-20260302030000", artifact.JobName);
    }

    private static async Task<DumpScheduleCreated> ScheduleAsync(DatabaseWorld w)
    {
        var database = await w.RegisterOperatorDatabaseAsync();
        return await w.Act<CreateDumpSchedule, DumpScheduleCreated>(u => u.HandleAsync(new CreateDumpScheduleCommand(database, "base-backup",
            DumpMethod.CloudNativePg, "0 3 * * *", "Etc/UTC", CnpgMethod: CnpgBackupMethod.BarmanObjectStore)));
    }
}
