using Portal.Databases.Jobs;
using RetentionPolicy = Portal.Databases.Specs.RetentionPolicy;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Execution.Databases;
using static Portal.UnitTests.Execution.DatabaseFixtures;

namespace Portal.UnitTests.Execution;

/// <summary>The domain's schedule as dump pods, CronJobs, Jobs, claims and CloudNativePG objects.</summary>
public class DumpWorkloadMappingTests
{
    [Fact]
    public void ForSchedule_PostgresSchedule_CarriesImageServiceSecretClaimZoneAndLabels()
    {
        var database = Postgres();
        var schedule = Nightly(database);

        var w = DumpWorkloads.ForSchedule(schedule, database, DumpWorkloads.ScheduleLabels(schedule, "webshop")).ValueOrThrow();

        Assert.Equal(("shop-frontend", schedule.CronJobName, "postgres:16"), (w.Namespace, w.BaseName, w.Image));
        Assert.Equal(("orders-pg.shop-frontend.svc", 5432), (w.Host, w.Port));
        Assert.Equal(("orders-pg", "username", "password"), (w.Credentials.SecretName, w.Credentials.UsernameKey, w.Credentials.PasswordKey));
        Assert.Equal(("orders-dumps", "/dumps", "0 2 * * *", "Europe/Berlin"), (w.ClaimName, w.MountPath, w.Schedule, w.TimeZone));
        Assert.Equal(schedule.LabelValue, w.Labels["kubernetes-portal.io/dump-schedule-id"]);
        Assert.Equal("webshop", w.Labels["kubernetes-portal.io/tenant"]);
        Assert.Contains("pg_dump", w.Script);
        Assert.Contains($"nightly-{schedule.Id.ToString("N")[^8..]}", w.Script);
    }

    [Fact]
    public void ScheduleId_LongestScheduleName_StaysWithinTheScriptsRuleAndKeepsTheIdPrefix()
    {
        var schedule = Nightly(Postgres(), name: new string('a', 60) + "-bc");

        var id = DumpScripts.ScheduleId(schedule);

        Assert.True(id.Length <= 63, id);
        Assert.Matches("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", id);
        Assert.EndsWith("-" + schedule.Id.ToString("N")[^8..], id, StringComparison.Ordinal);
    }

    [Fact]
    public void CronJob_SuspendedSchedule_IsWrittenSuspendedWithForbid()
    {
        var database = Postgres();
        var schedule = Nightly(database);
        schedule.Suspend(true, T0);
        var w = DumpWorkloads.ForSchedule(schedule, database, DumpWorkloads.ScheduleLabels(schedule, "webshop")).ValueOrThrow();

        var cronJob = DumpWorkloads.CronJob(w, schedule);

        Assert.True(cronJob["spec"]!["suspend"]!.GetValue<bool>());
        Assert.Equal("Forbid", cronJob["spec"]!["concurrencyPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void DumpNowJob_IsNamedAfterTheRequestAndOwnedByIt()
    {
        var database = Postgres();
        var schedule = Nightly(database);
        var request = Guid.NewGuid();
        var w = DumpWorkloads.ForSchedule(schedule, database, DumpWorkloads.ScheduleLabels(schedule, "webshop")).ValueOrThrow();

        var job = DumpWorkloads.DumpNowJob(w, request);

        Assert.Equal($"{schedule.CronJobName}-now-{request.ToString("N")[^8..]}", DumpWorkloads.NameOf(job));
        var labels = job["metadata"]!["labels"]!.AsObject();
        Assert.Equal(request.ToString(), labels["kubernetes-portal.io/request-id"]!.GetValue<string>());
        Assert.Equal("manual", labels["kubernetes-portal.io/trigger"]!.GetValue<string>());
    }

    [Fact]
    public void ScheduledRunsSelector_SelectsTheScheduleAndTheCronJobsTriggerOnly()
    {
        var schedule = Nightly(Postgres());

        Assert.Equal($"kubernetes-portal.io/dump-schedule-id={schedule.LabelValue},kubernetes-portal.io/trigger=schedule", DumpWorkloads.ScheduledRunsSelector(schedule));
    }

    [Fact]
    public void ForSchedule_S3Destination_UploadsToTheBucketAndKeepsTheRetentionThere()
    {
        var database = Postgres();
        var schedule = Nightly(database, destination: S3());

        var w = DumpWorkloads.ForSchedule(schedule, database, DumpWorkloads.ScheduleLabels(schedule, "webshop")).ValueOrThrow();

        var s3 = Assert.IsType<DumpStorage.S3>(w.Storage);
        Assert.Equal(("https://s3.example.test", "dumps", "prod", "s3-creds"), (s3.Endpoint, s3.Bucket, s3.Prefix, s3.CredentialsSecret));
        Assert.Equal(RetentionPolicy.KeepLast(7), w.Retention);
        var cronJob = DumpWorkloads.CronJob(w, schedule);
        Assert.Equal("upload", cronJob["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["name"]!.GetValue<string>());
        Assert.Null(DumpWorkloads.Claim(schedule, w.Labels));
    }

    [Fact]
    public void RestorePlan_S3Dump_DownloadsTheArtifactBelowThePrefixAndChecksIt()
    {
        var source = Postgres();
        var schedule = Nightly(source, destination: S3());
        var artifact = new DumpArtifact(schedule, "run-1", DumpTrigger.Manual, T0);
        artifact.Succeed(T0, T0.AddMinutes(1), 10, new string('a', 64), "s3://dumps/prod/orders-db/nightly-1-20261124T100000Z.dump", "pg_dump 16.4");
        var target = Postgres(16, "reports-db");
        var plan = new RestorePlan(artifact, schedule, source, target,
            new DatabaseRestoreParameters(source.Id, artifact.Id, RestoreTarget.OtherDatabase, target.Id, "reports", false));

        var w = plan.Restore(DumpWorkloads.ScheduleLabels(schedule, "webshop")).ValueOrThrow();

        Assert.IsType<DumpStorage.S3>(w.Storage);
        Assert.Equal(("orders-db/nightly-1-20261124T100000Z.dump", new string('a', 64)), (w.Artifact!.Path, w.Artifact.Sha256));
        Assert.Equal("s3-creds", plan.S3CredentialsSecret);
    }

    private static DumpDestination S3() =>
        new(DumpDestinationKind.S3, S3Endpoint: "https://s3.example.test", S3Bucket: "dumps", S3Prefix: "prod", S3CredentialsSecret: "s3-creds");

    [Fact]
    public void Claim_OnlyWhenThePortalIsToCreateIt_WithSizeAndClass()
    {
        var created = Nightly(Postgres());
        var existing = Nightly(Postgres(), destination: new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "shared-dumps"));

        var claim = DumpWorkloads.Claim(created, DumpWorkloads.ScheduleLabels(created, "webshop"))!;

        Assert.Equal(("orders-dumps", "5Gi", "standard"), (DumpWorkloads.NameOf(claim), claim["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>(),
            claim["spec"]!["storageClassName"]!.GetValue<string>()));
        Assert.Null(DumpWorkloads.Claim(existing, DumpWorkloads.ScheduleLabels(existing, "webshop")));
    }

    [Fact]
    public void ForSchedule_MariaDbSchedule_DumpsWithTheMariaDbTool()
    {
        var database = MariaDb(11);
        var schedule = Nightly(database, image: "mariadb:11.4");

        var w = DumpWorkloads.ForSchedule(schedule, database, DumpWorkloads.ScheduleLabels(schedule, "webshop")).ValueOrThrow();

        Assert.Contains("mariadb-dump", w.Script);
        Assert.Equal("billing.shop-frontend.svc", w.Host);
    }

    [Fact]
    public void OperatorSchedule_ScheduledBackupHasSixFieldCronAndTheBareClusterName()
    {
        var database = Operator();
        var schedule = DumpSchedule.ForOperator(database, "base", CnpgBackupMethod.VolumeSnapshot, "30 3 * * *", "dana", T0);

        var scheduled = OperatorBackups.ScheduledBackup(schedule, database, DumpWorkloads.ScheduleLabels(schedule, "webshop")).ValueOrThrow();
        var now = OperatorBackups.BackupNow(schedule, database, Guid.NewGuid(), DumpWorkloads.ScheduleLabels(schedule, "webshop"));

        var spec = scheduled["spec"]!.AsObject();
        Assert.Equal(("0 30 3 * * *", "shop-db", "volumeSnapshot", false), (spec["schedule"]!.GetValue<string>(),
            spec["cluster"]!["name"]!.GetValue<string>(), spec["method"]!.GetValue<string>(), spec["suspend"]!.GetValue<bool>()));
        Assert.True(DumpWorkloads.NameOf(now).Length <= 63);
        Assert.Equal($"cnpg.io/scheduled-backup={schedule.ScheduledBackupName}", OperatorBackups.ScheduledRunsSelector(schedule));
    }

    [Theory]
    [InlineData(17, "postgres:17")] // the target is newer than the client that dumped: its own client
    [InlineData(15, "postgres:16")] // the dump's client is new enough for the target: keep it
    [InlineData(null, "postgres:16")] // the target's version is unknown: the dump's client
    public void RestoreImage_PicksAClientThatReadsTheDumpAndFitsTheTarget(int? targetVersion, string expected)
    {
        var source = Postgres();
        var plan = new RestorePlan(null!, Nightly(source), source, Postgres(targetVersion, "reports-db"), null!);

        Assert.Equal(expected, plan.Image());
    }
}
