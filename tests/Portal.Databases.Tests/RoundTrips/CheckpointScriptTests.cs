using MySqlConnector;
using Npgsql;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Databases.Tests.Support;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.RoundTrips;

/// <summary>The checkpoint a snapshot runs first, as its Job's sh runs it, against the real PostgreSQL and MariaDB: it succeeds
/// for a user allowed to, and a user without the privilege gets the database's own refusal in the termination message.</summary>
[Collection(RoundTripCollection.Name)]
public sealed class CheckpointScriptTests : IAsyncLifetime
{
    private readonly PgServer _pg = new();
    private readonly MyServer _my = new();
    private readonly string _user = "ckpt_" + Guid.NewGuid().ToString("N")[..10];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await PgAdminAsync($"DROP ROLE IF EXISTS {_user}");
        await MyAdminAsync($"DROP USER IF EXISTS '{_user}'@'%'");
        await _pg.DisposeAsync();
        await _my.DisposeAsync();
    }

    [Fact]
    public async Task Postgres_Superuser_RunsCheckpoint_AndAPlainRoleIsRefusedInTheDatabasesWords()
    {
        var script = CheckpointJobs.Script(DatabaseEngine.PostgreSql, "postgres");

        var ok = await Sh.RunAsync(script, _pg.JobEnvironment());
        await PgAdminAsync($"CREATE ROLE {_user} LOGIN PASSWORD 'pw-{_user}'");
        var plain = _pg.JobEnvironment(_user);
        plain["PGPASSWORD"] = $"pw-{_user}";
        var refused = await Sh.RunAsync(script, plain);

        Assert.True(ok.ExitCode == 0, ok.Stderr + ok.TerminationMessage);
        var done = Assert.IsType<CheckpointMessage.Succeeded>(CheckpointMessage.Parse(ok.TerminationMessage));
        Assert.Equal("CHECKPOINT", done.Statement);
        Assert.NotEqual(0, refused.ExitCode);
        var failed = Assert.IsType<CheckpointMessage.Failed>(CheckpointMessage.Parse(refused.TerminationMessage));
        Assert.Matches("permission denied|must be superuser", failed.Error);
    }

    [Fact]
    public async Task MariaDb_FlushesTablesAndLogs_AndAUserWithoutReloadIsRefused()
    {
        var script = CheckpointJobs.Script(DatabaseEngine.MariaDb, null);

        var ok = await Sh.RunAsync(script, _my.JobEnvironment(), awk: "gawk");
        await MyAdminAsync($"CREATE USER '{_user}'@'%' IDENTIFIED BY 'pw-{_user}'");
        var plain = _my.JobEnvironment($"pw-{_user}");
        plain["MYSQL_USER"] = _user;
        var refused = await Sh.RunAsync(script, plain, awk: "gawk");

        Assert.True(ok.ExitCode == 0, ok.Stderr + ok.TerminationMessage);
        Assert.Equal("FLUSH TABLES; FLUSH LOGS", Assert.IsType<CheckpointMessage.Succeeded>(CheckpointMessage.Parse(ok.TerminationMessage)).Statement);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("RELOAD", Assert.IsType<CheckpointMessage.Failed>(CheckpointMessage.Parse(refused.TerminationMessage)).Error);
    }

    private static async Task PgAdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task MyAdminAsync(string sql)
    {
        await using var conn = new MySqlConnection(new MySqlConnectionStringBuilder(TestServers.MariaDb) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
