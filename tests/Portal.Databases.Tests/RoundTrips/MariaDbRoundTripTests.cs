using System.Text.Json;
using Portal.Databases.Messages;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Databases.Tests.Support;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.RoundTrips;

/// <summary>Generated scripts against the real MariaDB of tests/run-all.sh, run by /bin/sh like the Job would.</summary>
[Collection(RoundTripCollection.Name)]
public sealed class MariaDbRoundTripTests : IAsyncLifetime
{
    private readonly MyServer _server = new();
    private readonly TempDir _pvc = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pvc.Dispose();
    }

    [Theory]
    [InlineData(DatabaseEngine.MariaDb, true)]
    [InlineData(DatabaseEngine.MySql, false)]
    public async Task DumpRestoreVerify_SeededDatabase_NewDatabaseEqualsSourceTableByTable(DatabaseEngine engine, bool gzip)
    {
        var source = await _server.CreateSeededAsync();
        var dumped = await DumpAsync(Spec(source) with { Engine = engine, Gzip = gzip, Routines = true, Events = true });
        Assert.StartsWith(engine == DatabaseEngine.MariaDb ? "mariadb-dump 10.11." : "mysqldump 10.11.", dumped.Tool);

        var target = _server.NewName("restored 'db' ");
        var restore = await Sh.RunAsync(MySqlScripts.Restore(new MySqlRestoreSpec
        {
            Engine = engine, MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = target,
        }).GetScriptOrThrow(), _server.JobEnvironment());
        Assert.True(restore.ExitCode == 0, restore.Stderr + restore.TerminationMessage);

        var expected = await _server.SnapshotAsync(source);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, await _server.SnapshotAsync(target));
        Assert.Equal(1, await _server.ScalarAsync($"SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = '{target.Replace("'", "''")}'"));
        Assert.Equal(1, await _server.ScalarAsync($"SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = '{target.Replace("'", "''")}'"));

        var verify = await Sh.RunAsync(MySqlScripts.Verify(new VerifySpec
        {
            Engine = engine, MountPath = _pvc.Path, Artifact = dumped.Artifact, Database = target,
        }).GetScriptOrThrow(), _server.JobEnvironment());
        Assert.True(verify.ExitCode == 0, verify.Stderr + verify.TerminationMessage);
        var report = VerificationReport.Parse(verify.TerminationMessage);
        Assert.NotNull(report);
        Assert.Equal(expected.Select(t => new VerifiedTable(target, t.Name, t.Rows)), report.Tables);
        Assert.Equal(4, report.TocTables);
        Assert.True(report.Complete);
    }

    [Fact]
    public async Task DumpRestore_HostileDatabaseNames_RoundTripWithoutRunningAnything()
    {
        var canary = Path.Combine(_pvc.Path, "pwned");
        var source = await _server.CreateSeededAsync("a'b`c; $(touch pwned) ");
        var dumped = await DumpAsync(Spec(source), workingDirectory: _pvc.Path);
        var target = _server.NewName("x'; DROP DATABASE mysql; -- ");

        var restore = await Sh.RunAsync(MySqlScripts.Restore(new MySqlRestoreSpec
        {
            Engine = DatabaseEngine.MariaDb, MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = target,
        }).GetScriptOrThrow(), _server.JobEnvironment(), workingDirectory: _pvc.Path);

        Assert.True(restore.ExitCode == 0, restore.Stderr + restore.TerminationMessage);
        Assert.Equal(await _server.SnapshotAsync(source), await _server.SnapshotAsync(target));
        Assert.False(File.Exists(canary));
    }

    [Fact]
    public async Task Verify_TableDroppedAfterRestore_ReportsItMissing()
    {
        var source = await _server.CreateSeededAsync();
        var dumped = await DumpAsync(Spec(source));
        await _server.ExecuteAsync($"DROP TABLE {SqlQuote.MySqlIdentifier(source)}.`it's`");

        var verify = await Sh.RunAsync(MySqlScripts.Verify(new VerifySpec
        {
            Engine = DatabaseEngine.MariaDb, MountPath = _pvc.Path, Artifact = dumped.Artifact, Database = source,
        }).GetScriptOrThrow(), _server.JobEnvironment());

        Assert.True(verify.ExitCode == 0, verify.Stderr);
        var report = VerificationReport.Parse(verify.TerminationMessage);
        Assert.NotNull(report);
        Assert.Equal([source + ".it's"], report.Missing);
        Assert.Equal(3, report.TableCount);
    }

    [Fact]
    public async Task Dump_WrongPassword_FailedWithTheToolsOwnErrorAndNoArtifactLeft()
    {
        var source = await _server.CreateSeededAsync();

        var run = await Sh.RunAsync(MySqlScripts.Dump(Spec(source)).GetScriptOrThrow(), _server.JobEnvironment(password: "Not-The-Secret-42"));

        Assert.NotEqual(0, run.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Equal(run.ExitCode, failed.ExitCode);
        Assert.Contains("Access denied for user", failed.Error);
        Assert.Contains("(using password: YES)", failed.Error);
        Assert.Contains("Access denied for user", run.Stderr);
        Assert.DoesNotContain("Not-The-Secret-42", MySqlScripts.Dump(Spec(source)).GetScriptOrThrow());
        Assert.Empty(Directory.GetFileSystemEntries(_pvc.Path));
    }

    [Fact]
    public async Task Restore_CorruptedArtifact_RefusedBeforeTouchingTheServer()
    {
        var source = await _server.CreateSeededAsync();
        var dumped = await DumpAsync(Spec(source));
        await File.AppendAllTextAsync(Path.Combine(_pvc.Path, dumped.Artifact), "DROP DATABASE mysql;");
        var target = _server.NewName("never_");

        var restore = await Sh.RunAsync(MySqlScripts.Restore(new MySqlRestoreSpec
        {
            Engine = DatabaseEngine.MariaDb, MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = target,
        }).GetScriptOrThrow(), _server.JobEnvironment());

        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(restore.TerminationMessage));
        Assert.Contains("is corrupted", failed.Error);
        Assert.Equal(0, await _server.ScalarAsync($"SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '{target}'"));
    }

    [Fact]
    public async Task Restore_DumpOfSeveralDatabases_RefusedSoTheOriginalsAreNotOverwritten()
    {
        var first = await _server.CreateSeededAsync();
        var second = await _server.CreateSeededAsync();
        var dumped = await DumpAsync(Spec(first) with { Databases = [first, second] });
        await _server.ExecuteAsync($"DELETE FROM {SqlQuote.MySqlIdentifier(first)}.orders");
        var target = _server.NewName("never_");

        var restore = await Sh.RunAsync(MySqlScripts.Restore(new MySqlRestoreSpec
        {
            Engine = DatabaseEngine.MariaDb, MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = target,
        }).GetScriptOrThrow(), _server.JobEnvironment());

        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(restore.TerminationMessage));
        Assert.Contains("holds several databases", failed.Error);
        Assert.Equal(0, await _server.ScalarAsync($"SELECT COUNT(*) FROM {SqlQuote.MySqlIdentifier(first)}.orders"));
        Assert.Equal(0, await _server.ScalarAsync($"SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '{target}'"));
    }

    [Fact]
    public async Task Dump_KeepLastOne_LeavesOnlyTheNewArtifactOfThisSchedule()
    {
        var source = await _server.CreateSeededAsync();
        string[] old = ["nightly-20200101T000000Z.mysql.sql.gz", "nightly-20200102T000000Z.mysql.sql.gz"];
        const string other = "nightly-20200101T000000Z.dump";
        foreach (var f in old.Append(other))
            await File.WriteAllTextAsync(Path.Combine(_pvc.Path, f), "x");

        var dumped = await DumpAsync(Spec(source) with { Retention = RetentionPolicy.KeepLast(1) });

        Assert.Equal(new[] { dumped.Artifact, other }.Order(StringComparer.Ordinal),
            Directory.GetFileSystemEntries(_pvc.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private MySqlDumpSpec Spec(string database) => new()
    {
        ScheduleId = "nightly", Engine = DatabaseEngine.MariaDb, Databases = [database], Destination = new ArtifactDirectory(_pvc.Path),
    };

    private async Task<DumpArtifactMessage.Succeeded> DumpAsync(MySqlDumpSpec spec, string? workingDirectory = null)
    {
        var run = await Sh.RunAsync(MySqlScripts.Dump(spec).GetScriptOrThrow(), _server.JobEnvironment(), workingDirectory);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stderr}\n{run.TerminationMessage}");
        var ok = Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(run.TerminationMessage));
        var (size, sha) = ArtifactChecksum.Compute(Path.Combine(_pvc.Path, ok.Artifact));
        Assert.Equal(size, ok.SizeBytes);
        Assert.Equal(sha, ok.Sha256);
        Assert.EndsWith(spec.Gzip ? ".mysql.sql.gz" : ".mysql.sql", ok.Artifact);
        return ok;
    }
}
