using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.Unit;

public sealed class SpecValidationTests
{
    private static readonly ArtifactDirectory Backup = new("/backup", "orders");

    private static PostgresDumpSpec Pg => new() { ScheduleId = "nightly", Database = "orders", Destination = Backup };

    [Theory]
    [InlineData(PostgresDumpFormat.Custom)]
    [InlineData(PostgresDumpFormat.Plain)]
    public void PostgresDump_ParallelJobsWithoutDirectoryFormat_Refused(PostgresDumpFormat format)
    {
        var result = PostgresScripts.Dump(Pg with { Format = format, ParallelJobs = 4 });

        Assert.False(result.IsValid);
        Assert.Null(result.Script);
        Assert.Contains(result.Errors, e => e.Contains("Parallel jobs (4) need the directory format"));
    }

    [Fact]
    public void PostgresDump_ParallelJobsWithDirectoryFormat_Accepted()
    {
        var script = PostgresScripts.Dump(Pg with { Format = PostgresDumpFormat.Directory, ParallelJobs = 4 }).GetScriptOrThrow();

        Assert.Contains("run_tool pg_dump --format=directory --jobs=4 ", script);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void PostgresDump_CompressionOutOfRange_Refused(int level) =>
        Assert.Contains(PostgresScripts.Dump(Pg with { CompressionLevel = level }).Errors, e => e.Contains($"Compression level {level} is not possible"));

    [Theory]
    [InlineData("Nightly")]
    [InlineData("night_ly")]
    [InlineData("-nightly")]
    [InlineData("")]
    [InlineData("a*")]
    public void Dump_ScheduleIdNotADnsLabel_Refused(string id) =>
        Assert.Contains(PostgresScripts.Dump(Pg with { ScheduleId = id }).Errors, e => e.Contains("The schedule id"));

    [Theory]
    [InlineData("/backup", "../etc")]
    [InlineData("/backup", "a/../../b")]
    [InlineData("backup", "")]
    [InlineData("/backup", "/abs")]
    [InlineData("/back up", "")]
    [InlineData("/backup", "a'b")]
    [InlineData("/backup/../etc", "")]
    public void Dump_DestinationOutsideTheMount_Refused(string mount, string prefix) =>
        Assert.NotEmpty(PostgresScripts.Dump(Pg with { Destination = new ArtifactDirectory(mount, prefix) }).Errors);

    [Fact]
    public void PostgresDump_DatabaseWithLineBreak_RefusedInWords() =>
        Assert.Contains(PostgresScripts.Dump(Pg with { Database = "a\nb" }).Errors, e => e.Contains("contains a line break"));

    [Fact]
    public void PostgresDump_FiltersAndHostileNames_QuotedAsSingleWords()
    {
        var script = PostgresScripts.Dump(Pg with
        {
            Database = "a'b; rm -rf /", IncludeSchemas = ["sales"], ExcludeSchemas = ["x'y"], IncludeTables = ["public.orders*"], ExcludeTables = ["$(id)"],
        }).GetScriptOrThrow();

        Assert.Contains(@"--schema='sales' --exclude-schema='x'\''y' --table='public.orders*' --exclude-table='$(id)' --dbname='dbname='\''a\'\''b; rm -rf /'\'''", script);
    }

    [Fact]
    public void PgDumpAll_WithFiltersOrCustomFormat_Refused()
    {
        var errors = PostgresScripts.Dump(Pg with { Tool = PostgresDumpTool.PgDumpAll, Format = PostgresDumpFormat.Custom, IncludeSchemas = ["a"] }).Errors;

        Assert.Contains(errors, e => e.Contains("pg_dumpall writes plain SQL only"));
        Assert.Contains(errors, e => e.Contains("filters do not apply"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Retention_KeepLastBelowOne_Refused(int count) =>
        Assert.Contains(PostgresScripts.Dump(Pg with { Retention = RetentionPolicy.KeepLast(count) }).Errors, e => e.Contains("keep between 1 and 10000"));

    [Fact]
    public void Retention_ZeroDays_Refused() =>
        Assert.Contains(PostgresScripts.Dump(Pg with { Retention = RetentionPolicy.OlderThanDays(0) }).Errors, e => e.Contains("between 1 and 36500 days"));

    [Theory]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("a\\b")]
    [InlineData("-x")]
    [InlineData("")]
    public void MySqlDump_UnusableDatabaseName_Refused(string name) =>
        Assert.NotEmpty(MySqlScripts.Dump(new MySqlDumpSpec { ScheduleId = "n", Databases = [name], Destination = Backup }).Errors);

    [Fact]
    public void MySqlDump_NoDatabase_Refused() =>
        Assert.Contains(MySqlScripts.Dump(new MySqlDumpSpec { ScheduleId = "n", Databases = [], Destination = Backup }).Errors, e => e.Contains("at least one database"));

    [Fact]
    public void MySqlDump_Options_BecomeFlags()
    {
        var script = MySqlScripts.Dump(new MySqlDumpSpec
        {
            ScheduleId = "n", Engine = DatabaseEngine.MariaDb, Databases = ["a", "b'c"], Routines = true, Triggers = false, Events = true, Destination = Backup,
        }).GetScriptOrThrow();

        Assert.Contains("--single-transaction --routines --skip-triggers --events --databases 'a' 'b'\\''c'", script);
        Assert.Contains("if command -v mariadb-dump >/dev/null 2>&1; then DUMP=mariadb-dump; else DUMP=mysqldump; fi", script);
        Assert.Contains("run_tool_gzip \"$PARTIAL\"", script);
    }

    [Fact]
    public void PostgresRestore_PlainDumpOverExistingDatabase_Refused() =>
        Assert.Contains(PostgresScripts.Restore(new PostgresRestoreSpec
        {
            MountPath = "/backup", Artifact = "n-20250101T000000Z.sql.gz", ExpectedSha256 = new string('a', 64), TargetDatabase = "t", Mode = RestoreMode.OverwriteExisting,
        }).Errors, e => e.Contains("A plain SQL dump cannot clean an existing database"));

    [Theory]
    [InlineData("n-20250101T000000Z.dump", "not-a-sha", "is not a sha256")]
    [InlineData("../n-20250101T000000Z.dump", "", "must be relative to the mount")]
    [InlineData("n-20250101T000000Z.mysql.sql.gz", "", "is not a PostgreSQL dump")]
    [InlineData("n-20250101T000000Z.globals.sql", "", "holds roles, not a database")]
    public void PostgresRestore_BadArtifact_Refused(string artifact, string sha, string expected) =>
        Assert.Contains(PostgresScripts.Restore(new PostgresRestoreSpec
        {
            MountPath = "/backup", Artifact = artifact, ExpectedSha256 = sha, TargetDatabase = "t",
        }).Errors, e => e.Contains(expected));

    [Fact]
    public void PostgresRestore_Overwrite_CleansOnlyThen()
    {
        PostgresRestoreSpec spec = new() { MountPath = "/backup", Artifact = "n-20250101T000000Z.dir", ExpectedSha256 = new string('a', 64), TargetDatabase = "t", ParallelJobs = 3 };

        var fresh = PostgresScripts.Restore(spec).GetScriptOrThrow();
        var overwrite = PostgresScripts.Restore(spec with { Mode = RestoreMode.OverwriteExisting }).GetScriptOrThrow();

        Assert.Contains("run_tool pg_restore --no-owner --exit-on-error --jobs=3 --dbname=", fresh);
        Assert.Contains("CREATE DATABASE :\"target\" TEMPLATE template0;", fresh);
        Assert.Contains("run_tool pg_restore --no-owner --exit-on-error --clean --if-exists --jobs=3 --dbname=", overwrite);
        Assert.DoesNotContain("CREATE DATABASE", overwrite);
    }

    [Fact]
    public void Verify_ArtifactOfTheOtherEngine_Refused() =>
        Assert.Contains(MySqlScripts.Verify(new VerifySpec
        {
            Engine = DatabaseEngine.MySql, MountPath = "/backup", Artifact = "n-20250101T000000Z.dump", Database = "t",
        }).Errors, e => e.Contains("is not a MySql dump"));

    [Fact]
    public void GetScriptOrThrow_InvalidSpec_ThrowsWithTheErrors()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PostgresScripts.Dump(Pg with { Database = "" }).GetScriptOrThrow());
        Assert.Contains("The database name is missing.", e.Message);
    }
}
