using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <summary>Retention: the append-only delete trigger now lets through rows older than 365 days (RetentionOptions.AuditFloorDays),
    /// and only those. "At" is stored as EF's DateTimeOffset binary, ((ticks / 1000) &lt;&lt; 11) for UTC, so the trigger compares
    /// with now minus 365 days in that form (1721425.5 is the Julian day of 0001-01-01, 864,000,000 thousands of ticks a day).
    /// Raw SQL only, no model change. (SQLite has no trigram index: the text filter scans, stopping after one page and a capped count.)</summary>
    public partial class AuditTextSearchAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_events_no_delete;");
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON "AuditEvents"
                WHEN OLD."At" >= CAST((julianday('now') - 365 - 1721425.5) * 864000000 AS INTEGER) * 2048
                BEGIN SELECT RAISE(ABORT, 'Audit events are append-only: DELETE on AuditEvents is refused.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_events_no_delete;");
            migrationBuilder.Sql("""
                CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, 'Audit events are append-only: DELETE on AuditEvents is refused.'); END;
                """);
        }
    }
}
