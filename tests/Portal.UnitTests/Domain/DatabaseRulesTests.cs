using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Domain;

public class DatabaseRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static DatabaseTarget Postgres() => new(Guid.NewGuid(), Guid.NewGuid(), "shop-payments", "orders-db", DatabaseEngine.PostgreSql,
        "shop-db-rw", 5432, ["app"], new SecretKeyReference("shop-db-app", "username", "password"), DatabaseSource.CloudNativePgCluster,
        "shop-db", 16, "dan", T0);

    private static DumpSchedule Schedule(PostgresDumpOptions options, DumpDestination? destination = null, DumpRetention? retention = null) =>
        new(Postgres(), "nightly", options.Tool == PostgresDumpTool.PgDumpAll ? null : "app", options, null, destination ?? new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "dumps"),
            "0 2 * * *", "Europe/Berlin", retention ?? new DumpRetention(7, null), "postgres:16", "dan", T0);

    [Fact]
    public void PostgresDumpOptions_ParallelJobsWithoutDirectoryFormat_IsRefused()
    {
        var ex = Assert.Throws<DomainException>(() => Schedule(new PostgresDumpOptions(Format: PostgresDumpFormat.Custom, ParallelJobs: 4)));
        Assert.Contains("directory format", ex.Message);
    }

    [Fact]
    public void PostgresDumpOptions_ParallelJobsWithDirectoryFormat_IsAccepted() =>
        Assert.Equal("nightly", Schedule(new PostgresDumpOptions(Format: PostgresDumpFormat.Directory, ParallelJobs: 4)).Name);

    [Fact]
    public void PostgresDumpOptions_PgDumpAllWithTableFilter_IsRefused() =>
        Assert.Throws<DomainException>(() => Schedule(new PostgresDumpOptions(PostgresDumpTool.PgDumpAll, IncludeTables: ["orders"])));

    [Theory]
    [InlineData(null, null)]
    [InlineData(3, 7)]
    [InlineData(0, null)]
    public void DumpRetention_NeitherBothNorZero_IsRefused(int? keepLast, int? keepDays) =>
        Assert.NotNull(new DumpRetention(keepLast, keepDays).Problem());

    [Fact]
    public void DumpDestination_NewPvcWithoutSize_IsRefused() =>
        Assert.Contains("size", new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "dumps", CreatePvc: true).Problem());

    [Fact]
    public void DumpDestination_S3WithoutHttpEndpoint_IsRefused() =>
        Assert.Contains("http(s) URL", new DumpDestination(DumpDestinationKind.S3, S3Endpoint: "s3.example", S3Bucket: "b", S3CredentialsSecret: "s3").Problem());

    [Fact]
    public void SecretKeyReference_InvalidKey_IsRefused() =>
        Assert.Throws<DomainException>(() => new SecretKeyReference("shop-db-app", "user name", "password"));

    [Fact]
    public void DatabaseTarget_WithoutDatabases_IsRefused() =>
        Assert.Throws<DomainException>(() => new DatabaseTarget(Guid.NewGuid(), Guid.NewGuid(), "ns", "db", DatabaseEngine.MySql, "mysql", 3306, [],
            new SecretKeyReference("mysql", "user", "password"), DatabaseSource.Manual, null, 8, "dan", T0));

    [Theory]
    [InlineData(DatabaseEngine.MongoDb, "MongoDB")]
    [InlineData(DatabaseEngine.Redis, "Redis")]
    public void DatabaseTarget_EngineThePortalCannotDump_IsRefusedInWords(DatabaseEngine engine, string name)
    {
        var ex = Assert.Throws<DomainException>(() => new DatabaseTarget(Guid.NewGuid(), Guid.NewGuid(), "ns", "db", engine, "db", 27017, ["app"],
            new SecretKeyReference("db", "user", "password"), DatabaseSource.Manual, null, 7, "dan", T0));
        Assert.Contains($"cannot register a {name} database", ex.Message);
    }

    [Fact]
    public void DumpSchedule_MySqlDatabaseWithPostgresOptions_IsRefused()
    {
        var mysql = new DatabaseTarget(Guid.NewGuid(), Guid.NewGuid(), "billing-api", "billing-db", DatabaseEngine.MySql, "mysql", 3306, ["billing"],
            new SecretKeyReference("mysql", "user", "password"), DatabaseSource.Workload, "statefulset/mysql", 8, "dan", T0);
        Assert.Throws<DomainException>(() => new DumpSchedule(mysql, "nightly", "billing", new PostgresDumpOptions(), null,
            new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "dumps"), "0 2 * * *", "UTC", new DumpRetention(3, null), "mysql:8.4", "dan", T0));
    }

    [Fact]
    public void DumpSchedule_CronJobName_IsDeterministicAndFitsTheLimit()
    {
        var s = Schedule(new PostgresDumpOptions());
        Assert.Equal(s.CronJobName, s.CronJobName);
        Assert.True(s.CronJobName.Length <= 52);
        Assert.True(KubernetesName.IsValidLabel(s.CronJobName));
    }

    [Fact]
    public void DumpArtifact_EndsOnce()
    {
        var a = new DumpArtifact(Schedule(new PostgresDumpOptions()), "portal-dump-x-1", DumpTrigger.Manual, T0);
        a.Succeed(T0, T0.AddSeconds(42), 1024, new string('a', 64), "nightly/x.dump", "pg_dump 16.4");
        Assert.Equal(TimeSpan.FromSeconds(42), a.Duration);
        Assert.Throws<DomainException>(() => a.Fail(T0.AddMinutes(1), "late"));
    }

    [Fact]
    public void OperatorSchedule_UsesSixFieldCronInUtc_AndNeedsACnpgDatabase()
    {
        var s = DumpSchedule.ForOperator(Postgres(), "hourly", CnpgBackupMethod.VolumeSnapshot, "15 * * * *", "dan", T0);
        Assert.Equal("0 15 * * * *", s.OperatorCron);
        Assert.Equal("Etc/UTC", s.TimeZone);
        Assert.Null(s.DatabaseName);
        var manual = new DatabaseTarget(Guid.NewGuid(), Guid.NewGuid(), "ns", "db", DatabaseEngine.PostgreSql, "pg", 5432, ["app"],
            new SecretKeyReference("pg", "user", "password"), DatabaseSource.Manual, null, 16, "dan", T0);
        Assert.Throws<DomainException>(() => DumpSchedule.ForOperator(manual, "hourly", CnpgBackupMethod.BarmanObjectStore, "15 * * * *", "dan", T0));
    }

    [Fact]
    public void Schedule_RemovalWinsOverALateApply()
    {
        var s = Schedule(new PostgresDumpOptions());
        s.BeginRemoval(T0);
        Assert.Throws<DomainException>(() => s.MarkApplied(T0.AddSeconds(1)));
        Assert.Equal(DumpScheduleState.Removing, s.State);
        s.MarkRemoved(T0.AddSeconds(2));
        Assert.Throws<DomainException>(() => s.Suspend(true, T0.AddSeconds(3)));
    }

    [Fact]
    public void DatabaseRequest_CarriesItsDatabase_AndRefusesMismatchedParameters()
    {
        var db = Guid.NewGuid();
        var r = OperationRequest.ForDatabase(RequestKind.DatabaseDump, Guid.NewGuid(), Guid.NewGuid(), "ns", new DatabaseDumpParameters(db, Guid.NewGuid()),
            "u", "U", null, T0);
        Assert.Equal(db, r.DatabaseId);
        Assert.Throws<ArgumentException>(() => OperationRequest.ForDatabase(RequestKind.DatabaseRestore, Guid.NewGuid(), Guid.NewGuid(), "ns",
            new DatabaseDumpParameters(db, Guid.NewGuid()), "u", "U", null, T0));
        // Overwriting is its own kind, so policy can require approval for it alone.
        Assert.Throws<DomainException>(() => OperationRequest.ForDatabase(RequestKind.DatabaseRestore, Guid.NewGuid(), Guid.NewGuid(), "ns",
            new DatabaseRestoreParameters(db, Guid.NewGuid(), RestoreTarget.SameDatabase, db, "app", Overwrite: true), "u", "U", null, T0));
        Assert.True(ApprovalPolicy.Default(RequestKind.DatabaseOverwrite).RequiresApproval);
        Assert.False(ApprovalPolicy.Default(RequestKind.DatabaseRestore).RequiresApproval);
    }
}
