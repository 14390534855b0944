using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>Audit rows are append-only in PostgreSQL itself: not even SQL sent past the application can change or remove one.</summary>
public class AuditAppendOnlyTests
{
    [Theory]
    [InlineData("UPDATE \"AuditEvents\" SET \"Summary\" = 'nothing happened'")]
    [InlineData("DELETE FROM \"AuditEvents\"")]
    [InlineData("TRUNCATE \"AuditEvents\"")]
    public async Task ChangingAnAuditRow_IsRefusedByTheDatabase(string sql)
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database.ConnectionString).Options))
        {
            await db.Database.MigrateAsync();
            db.AuditEvents.Add(new AuditEvent(DateTimeOffset.UtcNow, "Mallory", "request.approved", "request", "r1", "approved her own restore",
                null, "u1", "192.0.2.1"));
            await db.SaveChangesAsync();
        }

        await using var conn = new NpgsqlConnection(database.ConnectionString);
        await conn.OpenAsync();
        var ex = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync();
        });
        Assert.Contains("append-only", ex.MessageText);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"AuditEvents\" WHERE \"Summary\" = 'approved her own restore'", conn);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}
