using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Postgres
{
    /// <summary>Big audit logs. (1) The text filters ("Text", "Actor") answer <c>lower(column) LIKE '%text%'</c> from trigram
    /// indexes (pg_trgm, shipped with Debian's postgresql package; created only where the server offers it, else the filters
    /// scan as before). (2) Retention: the append-only trigger now lets a DELETE through for rows older than 365 days
    /// (RetentionOptions.AuditFloorDays), and only those; younger rows, UPDATE and TRUNCATE stay refused, so whoever holds the
    /// portal's connection still cannot erase the recent trail. Raw SQL only, no model change, so it survives the regeneration
    /// of the model migrations.</summary>
    public partial class AuditTextSearchAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $do$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
                        CREATE EXTENSION IF NOT EXISTS pg_trgm;
                        CREATE INDEX IF NOT EXISTS "IX_AuditEvents_Summary_Trigram" ON "AuditEvents" USING gin (lower("Summary") gin_trgm_ops);
                        CREATE INDEX IF NOT EXISTS "IX_AuditEvents_Actor_Trigram" ON "AuditEvents" USING gin (lower("Actor") gin_trgm_ops);
                    END IF;
                END
                $do$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION portal_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' THEN
                        IF OLD."At" < now() - interval '365 days' THEN
                            RETURN OLD;
                        END IF;
                    END IF;
                    RAISE EXCEPTION 'Audit events are append-only: % on "AuditEvents" is refused.', TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END
                $fn$;
                GRANT DELETE ON "AuditEvents" TO CURRENT_USER;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION portal_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    RAISE EXCEPTION 'Audit events are append-only: % on "AuditEvents" is refused.', TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END
                $fn$;
                REVOKE DELETE ON "AuditEvents" FROM CURRENT_USER;
                DROP INDEX IF EXISTS "IX_AuditEvents_Summary_Trigram";
                DROP INDEX IF EXISTS "IX_AuditEvents_Actor_Trigram";
                """);
        }
    }
}
