using System.Text.Json;
using Portal.Databases.Messages;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Databases.Tests.Support;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.RoundTrips;

/// <summary>The whole-server scripts a migration runs (pg_dumpall into the scratch claim, psql on the target), by
/// /bin/sh against the real PostgreSQL of tests/run-all.sh.</summary>
[Collection(RoundTripCollection.Name)]
public sealed class ServerRoundTripTests : IAsyncLifetime
{
    private readonly PgServer _server = new();
    private readonly TempDir _pvc = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pvc.Dispose();
    }

    [Fact]
    public async Task PgDumpAll_WritesEveryDatabaseWithItsData_NamedAndMeasuredLikeTheOtherDumps()
    {
        var source = await _server.CreateSeededAsync();
        var run = await Sh.RunAsync(ServerScripts.Dump(new ServerDumpSpec(DatabaseEngine.PostgreSql, "shop-pg", new ArtifactDirectory(_pvc.Path, "shop-pg")))
            .GetScriptOrThrow(), _server.JobEnvironment());

        Assert.True(run.ExitCode == 0, run.Stderr + run.TerminationMessage);
        var ok = Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Matches(@"^shop-pg/shop-pg-\d{8}T\d{6}Z\.sql$", ok.Artifact);
        Assert.StartsWith("pg_dumpall ", ok.Tool);
        var path = Path.Combine(_pvc.Path, ok.Artifact);
        Assert.Equal(ArtifactChecksum.Compute(path), (ok.SizeBytes, ok.Sha256));
        var sql = await File.ReadAllTextAsync(path);
        Assert.Contains($"CREATE DATABASE {source}", sql);
        Assert.Contains("CREATE ROLE postgres;", sql);
        Assert.Contains("Zoë Ångström", sql);
    }

    [Fact]
    public async Task Restore_IntoAFreshServer_TheRolesAndDatabaseTheImageMadeAreFine_TheDatabaseComesBack()
    {
        var target = _server.NewName("moved_");
        var artifact = await ArtifactAsync($"""
            CREATE ROLE postgres;
            ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
            CREATE DATABASE postgres;
            CREATE DATABASE {target};
            \connect {target}
            CREATE TABLE public.orders (id int PRIMARY KEY, note text);
            COPY public.orders (id, note) FROM stdin;
            1	first
            2	second
            \.

            """);

        var run = await RestoreAsync(artifact);

        Assert.True(run.ExitCode == 0, run.Stderr + run.TerminationMessage);
        using var message = JsonDocument.Parse(run.TerminationMessage);
        Assert.Equal("Succeeded", message.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, Assert.Single(await _server.SnapshotAsync(target)).Rows);
    }

    [Fact]
    public async Task Restore_AnyOtherError_FailsWithPsqlsOwnWords()
    {
        var target = _server.NewName("broken_");
        var artifact = await ArtifactAsync($"""
            CREATE ROLE postgres;
            CREATE DATABASE {target};
            \connect {target}
            INSERT INTO public.no_such_table VALUES (1);

            """);

        var run = await RestoreAsync(artifact);

        Assert.NotEqual(0, run.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Contains("relation \"public.no_such_table\" does not exist", failed.Error);
        Assert.DoesNotContain("already exists", failed.Error);
    }

    [Fact]
    public async Task Restore_ChecksumMismatch_IsRefusedBeforeTouchingTheServer()
    {
        var artifact = await ArtifactAsync("CREATE ROLE postgres;\n");
        var run = await Sh.RunAsync(ServerScripts.Restore(new ServerRestoreSpec(DatabaseEngine.PostgreSql, _pvc.Path, artifact, new string('0', 64)))
            .GetScriptOrThrow(), _server.JobEnvironment());
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("is corrupted", Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage)).Error);
    }

    [Theory]
    [InlineData(DatabaseEngine.MariaDb)]
    [InlineData(DatabaseEngine.MySql)]
    public async Task MySqlAllDatabases_DumpedThenRestored_TheDatabaseComesBackTableByTable(DatabaseEngine engine)
    {
        await using var my = new MyServer();
        var source = await my.CreateSeededAsync();
        var expected = await my.SnapshotAsync(source);
        var dump = await Sh.RunAsync(ServerScripts.Dump(new ServerDumpSpec(engine, "billing", new ArtifactDirectory(_pvc.Path, "billing"))).GetScriptOrThrow(),
            my.JobEnvironment());
        Assert.True(dump.ExitCode == 0, dump.Stderr + dump.TerminationMessage);
        var ok = Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(dump.TerminationMessage));
        Assert.Matches(@"^billing/billing-\d{8}T\d{6}Z\.mysql\.sql\.gz$", ok.Artifact);
        Assert.Matches(@"^(mariadb-dump|mysqldump) 10\.", ok.Tool);
        Assert.Equal(ArtifactChecksum.Compute(Path.Combine(_pvc.Path, ok.Artifact)), (ok.SizeBytes, ok.Sha256));

        await my.ExecuteAsync($"DROP DATABASE {SqlQuote.MySqlIdentifier(source)}");
        var restore = await Sh.RunAsync(ServerScripts.Restore(new ServerRestoreSpec(engine, _pvc.Path, ok.Artifact, ok.Sha256)).GetScriptOrThrow(),
            my.JobEnvironment());

        Assert.True(restore.ExitCode == 0, restore.Stderr + restore.TerminationMessage);
        Assert.Equal(expected, await my.SnapshotAsync(source));
        Assert.Equal(1, await my.ScalarAsync($"SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = {SqlQuote.MySqlLiteral(source)}"));
    }

    [Fact]
    public async Task MySqlRestore_FailsWithTheClientsOwnWords()
    {
        await using var my = new MyServer();
        var relative = "billing/billing-20250101T000000Z.mysql.sql.gz";
        Directory.CreateDirectory(Path.Combine(_pvc.Path, "billing"));
        await using (var file = File.Create(Path.Combine(_pvc.Path, relative)))
        await using (var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
            await gz.WriteAsync(System.Text.Encoding.UTF8.GetBytes("INSERT INTO no_such_db.t VALUES (1);\n"));
        var (_, sha) = ArtifactChecksum.Compute(Path.Combine(_pvc.Path, relative));
        var run = await Sh.RunAsync(ServerScripts.Restore(new ServerRestoreSpec(DatabaseEngine.MariaDb, _pvc.Path, relative, sha)).GetScriptOrThrow(),
            my.JobEnvironment());
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("no_such_db", Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage)).Error);
    }

    [Fact]
    public void Specs_RefuseArtifactsOfAnotherKind()
    {
        Assert.False(ServerScripts.Restore(new ServerRestoreSpec(DatabaseEngine.PostgreSql, "/dumps", "a/a-20250101T000000Z.dump", new string('a', 64))).IsValid);
        Assert.False(ServerScripts.Restore(new ServerRestoreSpec(DatabaseEngine.MySql, "/dumps", "a/a-20250101T000000Z.sql", new string('a', 64))).IsValid);
        Assert.True(ServerScripts.Restore(new ServerRestoreSpec(DatabaseEngine.MySql, "/dumps", "a/a-20250101T000000Z.mysql.sql.gz", new string('a', 64))).IsValid);
        Assert.False(ServerScripts.Dump(new ServerDumpSpec(DatabaseEngine.PostgreSql, "Not A Name", new ArtifactDirectory("/dumps"))).IsValid);
        var mysql = ServerScripts.Dump(new ServerDumpSpec(DatabaseEngine.MariaDb, "billing", new ArtifactDirectory("/dumps", "billing"))).GetScriptOrThrow();
        Assert.Contains("--all-databases --flush-privileges", mysql);
        Assert.Contains("NAME=\"billing-$STAMP.mysql.sql.gz\"", mysql);
    }

    private async Task<string> ArtifactAsync(string sql)
    {
        var relative = "shop-pg/shop-pg-20250101T000000Z.sql";
        Directory.CreateDirectory(Path.Combine(_pvc.Path, "shop-pg"));
        await File.WriteAllTextAsync(Path.Combine(_pvc.Path, relative), sql.ReplaceLineEndings("\n"));
        return relative;
    }

    private Task<ShResult> RestoreAsync(string artifact)
    {
        var (_, sha) = ArtifactChecksum.Compute(Path.Combine(_pvc.Path, artifact));
        return Sh.RunAsync(ServerScripts.Restore(new ServerRestoreSpec(DatabaseEngine.PostgreSql, _pvc.Path, artifact, sha)).GetScriptOrThrow(),
            _server.JobEnvironment());
    }
}
