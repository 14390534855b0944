using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Postgres
{
    /// <summary>Audit rows are append-only in the database itself, not only in code: a trigger refuses every UPDATE,
    /// DELETE and TRUNCATE of "AuditEvents" (superusers and the table's owner included), and the privileges to do so
    /// are revoked from PUBLIC and from the role that runs the migrations (the portal's role in the shipped deployments).
    /// Raw SQL only, no model change, so it survives the regeneration of the model migrations.</summary>
    public partial class TrustSecurityAuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION portal_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    RAISE EXCEPTION 'Audit events are append-only: % on "AuditEvents" is refused.', TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END
                $fn$;
                """);
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS audit_events_append_only ON "AuditEvents";
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "AuditEvents"
                    FOR EACH ROW EXECUTE FUNCTION portal_audit_events_append_only();
                DROP TRIGGER IF EXISTS audit_events_no_truncate ON "AuditEvents";
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "AuditEvents"
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_audit_events_append_only();
                REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvents" FROM PUBLIC, CURRENT_USER;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS audit_events_no_truncate ON "AuditEvents";
                DROP TRIGGER IF EXISTS audit_events_append_only ON "AuditEvents";
                DROP FUNCTION IF EXISTS portal_audit_events_append_only();
                """);
        }
    }
}
