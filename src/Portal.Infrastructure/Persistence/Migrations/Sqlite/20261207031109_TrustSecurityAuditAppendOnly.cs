using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <summary>Audit rows are append-only in the embedded database too: triggers abort every UPDATE and DELETE of
    /// "AuditEvents". Raw SQL only, no model change. (A later migration that rebuilds the table must recreate them.)</summary>
    public partial class TrustSecurityAuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, 'Audit events are append-only: UPDATE on AuditEvents is refused.'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, 'Audit events are append-only: DELETE on AuditEvents is refused.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_events_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_events_no_delete;");
        }
    }
}
