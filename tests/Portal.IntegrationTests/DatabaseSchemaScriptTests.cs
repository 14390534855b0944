using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Portal.Infrastructure.Persistence;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>db/portal-postgres.sql is the idempotent schema script generated from the EF Core migrations.
/// To refresh it after adding a migration: `PORTAL_UPDATE_DB_SCRIPT=1 dotnet test --filter DatabaseSchemaScript`.</summary>
public class DatabaseSchemaScriptTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Portal.sln not found above the test's folder.");
    }

    private static PostgresPortalDbContext Postgres(string cs = "Host=localhost;Database=unused") =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(cs).Options);

    private static string Generate()
    {
        using var db = Postgres();
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n").Trim('\uFEFF', '\n', ' ');

    [Fact]
    public void SchemaScript_MatchesTheMigrations()
    {
        var path = Path.Combine(RepoRoot(), "db", "portal-postgres.sql");
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("PORTAL_UPDATE_DB_SCRIPT") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path), "db/portal-postgres.sql is missing");
        Assert.True(Normalize(File.ReadAllText(path)) == Normalize(expected),
            "db/portal-postgres.sql is out of date with the EF Core migrations; regenerate it (see this test's summary).");
    }

    [Fact]
    public void Model_HasNoChangesMissingFromTheMigrations()
    {
        using (var pg = Postgres()) Assert.False(pg.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration.");
        using var sqlite = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "The model changed without a SQLite migration.");
    }

    [Fact]
    public async Task SchemaScript_AppliedTwiceToPostgres_CreatesTheSchemaIdempotently()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var sql = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "db", "portal-postgres.sql"));
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        await conn.OpenAsync();
        for (var i = 0; i < 2; i++)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync();
        }
        await using var db = Postgres(database.ConnectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Requests.IgnoreQueryFilters().CountAsync());
    }
}
