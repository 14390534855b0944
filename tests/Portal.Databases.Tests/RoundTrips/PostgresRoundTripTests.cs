using System.Text.Json;
using Portal.Databases.Messages;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Databases.Tests.Support;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.RoundTrips;

/// <summary>Generated scripts against the real PostgreSQL of tests/run-all.sh, run by /bin/sh like the Job would.</summary>
[Collection(RoundTripCollection.Name)]
public sealed class PostgresRoundTripTests : IAsyncLifetime
{
    private readonly PgServer _server = new();
    private readonly TempDir _pvc = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pvc.Dispose();
    }

    [Theory]
    [InlineData(PostgresDumpFormat.Custom, 6, null)]
    [InlineData(PostgresDumpFormat.Directory, 5, 2)]
    [InlineData(PostgresDumpFormat.Plain, 9, null)]
    [InlineData(PostgresDumpFormat.Plain, 0, null)]
    public async Task DumpRestoreVerify_SeededDatabase_NewDatabaseEqualsSourceTableByTable(PostgresDumpFormat format, int compression, int? jobs)
    {
        var source = await _server.CreateSeededAsync();
        var dumped = await DumpAsync(new PostgresDumpSpec
        {
            ScheduleId = "nightly", Database = source, Format = format, CompressionLevel = compression, ParallelJobs = jobs,
            Destination = new ArtifactDirectory(_pvc.Path, "team-a/orders"),
        });

        var target = _server.NewName("restored 'db' \"x\" ");
        var restore = await Sh.RunAsync(PostgresScripts.Restore(new PostgresRestoreSpec
        {
            MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = target,
            ParallelJobs = jobs,
        }).GetScriptOrThrow(), _server.JobEnvironment());
        Assert.True(restore.ExitCode == 0, restore.Stderr + restore.TerminationMessage);
        using (var restored = JsonDocument.Parse(restore.TerminationMessage))
        {
            Assert.Equal("Succeeded", restored.RootElement.GetProperty("status").GetString());
            Assert.Equal(target, restored.RootElement.GetProperty("database").GetString());
        }

        var expected = await _server.SnapshotAsync(source);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, await _server.SnapshotAsync(target));

        var verify = await Sh.RunAsync(PostgresScripts.Verify(new VerifySpec
        {
            MountPath = _pvc.Path, Artifact = dumped.Artifact, Database = target,
        }).GetScriptOrThrow(), _server.JobEnvironment());
        Assert.True(verify.ExitCode == 0, verify.Stderr + verify.TerminationMessage);
        var report = VerificationReport.Parse(verify.TerminationMessage);
        Assert.NotNull(report);
        Assert.Equal(expected.Select(t => new VerifiedTable(t.Schema, t.Name, t.Rows)), report.Tables);
        Assert.Empty(report.Missing);
        Assert.True(report.Complete);
        Assert.Equal(format == PostgresDumpFormat.Plain ? null : 4, report.TocTables);
    }

    [Fact]
    public async Task DumpRestore_HostileDatabaseNames_RoundTripWithoutRunningAnything()
    {
        var canary = Path.Combine(_pvc.Path, "pwned");
        var source = await _server.CreateSeededAsync("a'b; touch pwned; $(touch pwned) =x ");
        var dumped = await DumpAsync(Spec(source), workingDirectory: _pvc.Path);
        var target = _server.NewName("dbname=postgres `touch x` \\ ");

        var restore = await Sh.RunAsync(PostgresScripts.Restore(new PostgresRestoreSpec
        {
            MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = target,
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
        await _server.ExecuteAsync(source, "DROP TABLE public.\"it's\"");

        var verify = await Sh.RunAsync(PostgresScripts.Verify(new VerifySpec
        {
            MountPath = _pvc.Path, Artifact = dumped.Artifact, Database = source,
        }).GetScriptOrThrow(), _server.JobEnvironment());

        Assert.True(verify.ExitCode == 0, verify.Stderr);
        var report = VerificationReport.Parse(verify.TerminationMessage);
        Assert.NotNull(report);
        Assert.Equal(4, report.TocTables);
        Assert.Equal(["public.it's"], report.Missing);
        Assert.False(report.Complete);
    }

    [Fact]
    public async Task Verify_ManyTables_TerminationMessageKeepsCountsBelowTheLimit()
    {
        var source = _server.NewName("many_");
        await _server.ExecuteAsync("postgres", $"CREATE DATABASE {SqlQuote.PostgresIdentifier(source)}");
        await _server.ExecuteAsync(source, string.Concat(Enumerable.Range(0, 120).Select(i =>
            $"CREATE TABLE public.a_table_with_a_rather_long_descriptive_name_{i:000} (x int); INSERT INTO public.a_table_with_a_rather_long_descriptive_name_{i:000} SELECT generate_series(1, {i});")));
        var dumped = await DumpAsync(Spec(source));

        var verify = await Sh.RunAsync(PostgresScripts.Verify(new VerifySpec
        {
            MountPath = _pvc.Path, Artifact = dumped.Artifact, Database = source,
        }).GetScriptOrThrow(), _server.JobEnvironment());

        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(verify.TerminationMessage), 10, 4096);
        var report = VerificationReport.Parse(verify.TerminationMessage);
        Assert.NotNull(report);
        Assert.True(report.Truncated);
        Assert.Equal((120, 120, 0), (report.TableCount, report.TocTables!.Value, report.MissingCount));
        var full = VerificationReport.Parse(verify.Stdout);
        Assert.NotNull(full);
        Assert.Equal(120, full.Tables.Count);
        Assert.Equal(7, full.Tables.Single(t => t.Name.EndsWith("_007")).Rows);
    }

    [Fact]
    public async Task Restore_OverwriteExisting_ReplacesChangedRows()
    {
        var source = await _server.CreateSeededAsync();
        var dumped = await DumpAsync(Spec(source));
        var expected = await _server.SnapshotAsync(source);
        await _server.ExecuteAsync(source, "DELETE FROM sales.orders WHERE id > 10; UPDATE public.customers SET name = 'changed'");

        var restore = await Sh.RunAsync(PostgresScripts.Restore(new PostgresRestoreSpec
        {
            MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = source,
            Mode = RestoreMode.OverwriteExisting,
        }).GetScriptOrThrow(), _server.JobEnvironment());

        Assert.True(restore.ExitCode == 0, restore.Stderr + restore.TerminationMessage);
        Assert.Equal(expected, await _server.SnapshotAsync(source));
    }

    [Fact]
    public async Task Restore_NewDatabaseThatExists_FailsWithoutTouchingIt()
    {
        var source = await _server.CreateSeededAsync();
        var dumped = await DumpAsync(Spec(source));

        var restore = await Sh.RunAsync(PostgresScripts.Restore(new PostgresRestoreSpec
        {
            MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = source,
        }).GetScriptOrThrow(), _server.JobEnvironment());

        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(restore.TerminationMessage));
        Assert.Contains("exists already", failed.Error);
    }

    [Fact]
    public async Task Restore_CorruptedArtifact_RefusedBeforeTouchingTheServer()
    {
        var source = await _server.CreateSeededAsync();
        var dumped = await DumpAsync(Spec(source));
        var path = Path.Combine(_pvc.Path, dumped.Artifact);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
        var target = _server.NewName("never_");

        var restore = await Sh.RunAsync(PostgresScripts.Restore(new PostgresRestoreSpec
        {
            MountPath = _pvc.Path, Artifact = dumped.Artifact, ExpectedSha256 = dumped.Sha256, TargetDatabase = target,
        }).GetScriptOrThrow(), _server.JobEnvironment());

        Assert.NotEqual(0, restore.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(restore.TerminationMessage));
        Assert.Contains("is corrupted", failed.Error);
        Assert.Contains("Refusing to restore", failed.Error);
        Assert.False(await _server.ExistsAsync(target));
    }

    [Fact]
    public async Task Dump_UnknownRole_FailedWithPgDumpsOwnErrorAndNoArtifactLeft()
    {
        var source = await _server.CreateSeededAsync();

        var run = await Sh.RunAsync(PostgresScripts.Dump(Spec(source)).GetScriptOrThrow(), _server.JobEnvironment(user: "no_such_role"));

        Assert.NotEqual(0, run.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Equal(run.ExitCode, failed.ExitCode);
        Assert.Contains("pg_dump: error:", failed.Error);
        Assert.Contains("role \"no_such_role\" does not exist", failed.Error);
        Assert.Contains("role \"no_such_role\" does not exist", run.Stderr);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_pvc.Path, "*", SearchOption.AllDirectories), File.Exists);
    }

    [Fact]
    public async Task Dump_KeepLastTwo_RemovesOnlyOlderArtifactsOfThisSchedule()
    {
        var source = await _server.CreateSeededAsync();
        var dir = Directory.CreateDirectory(Path.Combine(_pvc.Path, "p")).FullName;
        string[] old = ["nightly-20200101T000000Z.dump", "nightly-20200102T000000Z.dump", "nightly-20200103T000000Z.dump"];
        string[] others = ["nightly-2-20200101T000000Z.dump", "weekly-20200101T000000Z.dump", "nightly-20200101T000000Z.sql", "notes.txt"];
        foreach (var f in old.Concat(others))
            await File.WriteAllTextAsync(Path.Combine(dir, f), "x");

        var dumped = await DumpAsync(Spec(source) with { Destination = new ArtifactDirectory(_pvc.Path, "p"), Retention = RetentionPolicy.KeepLast(2) });

        var left = Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(others.Append(old[2]).Append(Path.GetFileName(dumped.Artifact)).Order(StringComparer.Ordinal), left);
    }

    [Fact]
    public async Task Dump_OlderThanSevenDays_RemovesOnlyOldArtifactsOfThisSchedule()
    {
        var source = await _server.CreateSeededAsync();
        var dir = _pvc.Path;
        var recent = $"nightly-{DateTime.UtcNow.AddDays(-6):yyyyMMdd'T'HHmmss'Z'}.dir";
        var old = $"nightly-{DateTime.UtcNow.AddDays(-8):yyyyMMdd'T'HHmmss'Z'}.dir";
        var otherOld = $"weekly-{DateTime.UtcNow.AddDays(-30):yyyyMMdd'T'HHmmss'Z'}.dir";
        foreach (var d in new[] { recent, old, otherOld })
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(dir, d)).FullName, "toc.dat"), "x");

        var dumped = await DumpAsync(Spec(source) with { Format = PostgresDumpFormat.Directory, Destination = new ArtifactDirectory(dir), Retention = RetentionPolicy.OlderThanDays(7) });

        var left = Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { recent, otherOld, dumped.Artifact }.Order(StringComparer.Ordinal), left);
    }

    [Fact]
    public async Task DumpAll_GlobalsOnly_WritesRolesFile()
    {
        var dumped = await DumpAsync(new PostgresDumpSpec
        {
            ScheduleId = "globals", Tool = PostgresDumpTool.PgDumpAll, Format = PostgresDumpFormat.Plain, Destination = new ArtifactDirectory(_pvc.Path),
        });

        Assert.EndsWith(".globals.sql", dumped.Artifact);
        Assert.StartsWith("pg_dumpall ", dumped.Tool);
        Assert.Contains("CREATE ROLE postgres;", await File.ReadAllTextAsync(Path.Combine(_pvc.Path, dumped.Artifact)));
    }

    private PostgresDumpSpec Spec(string database) => new()
    {
        ScheduleId = "nightly", Database = database, Destination = new ArtifactDirectory(_pvc.Path),
    };

    /// <summary>Runs the generated dump script and checks its success message against the artifact on disk.</summary>
    private async Task<DumpArtifactMessage.Succeeded> DumpAsync(PostgresDumpSpec spec, string? workingDirectory = null)
    {
        var run = await Sh.RunAsync(PostgresScripts.Dump(spec).GetScriptOrThrow(), _server.JobEnvironment(), workingDirectory);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stderr}\n{run.TerminationMessage}");
        var ok = Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(run.TerminationMessage));
        var (size, sha) = ArtifactChecksum.Compute(Path.Combine(spec.Destination.MountPath, ok.Artifact));
        Assert.Equal(size, ok.SizeBytes);
        Assert.Equal(sha, ok.Sha256);
        Assert.StartsWith(spec.Destination.Relative(spec.ScheduleId + "-"), ok.Artifact);
        Assert.Matches(@"^pg_dump(all)? 15\.\d+$", ok.Tool);
        Assert.InRange(ok.DurationSeconds, 0, 60);
        Assert.Equal(ok.DurationSeconds, (long)(ok.CompletedAt - ok.StartedAt).TotalSeconds);
        Assert.InRange(ok.StartedAt, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(spec.Destination.Directory), ".*"));
        return ok;
    }
}
