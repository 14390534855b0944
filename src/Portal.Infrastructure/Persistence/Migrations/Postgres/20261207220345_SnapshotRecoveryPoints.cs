using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SnapshotRecoveryPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CountsSnapshots",
                table: "ProtectionPolicies",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SnapshotGap",
                table: "NamespaceRpoStates",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SnapshotPointAt",
                table: "NamespaceRpoStates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ObservedClaims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClusterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Namespace = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Name = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    ObservedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservedClaims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ObservedSnapshots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClusterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Namespace = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Name = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    ClaimName = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    TakenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadySeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SnapshotClass = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    ScheduleId = table.Column<Guid>(type: "uuid", nullable: true),
                    ObservedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservedSnapshots", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ObservedClaims_ClusterId_Namespace_Name",
                table: "ObservedClaims",
                columns: new[] { "ClusterId", "Namespace", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObservedClaims_TenantId",
                table: "ObservedClaims",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ObservedSnapshots_ClusterId_Namespace_Name",
                table: "ObservedSnapshots",
                columns: new[] { "ClusterId", "Namespace", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObservedSnapshots_TenantId",
                table: "ObservedSnapshots",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ObservedClaims");

            migrationBuilder.DropTable(
                name: "ObservedSnapshots");

            migrationBuilder.DropColumn(
                name: "CountsSnapshots",
                table: "ProtectionPolicies");

            migrationBuilder.DropColumn(
                name: "SnapshotGap",
                table: "NamespaceRpoStates");

            migrationBuilder.DropColumn(
                name: "SnapshotPointAt",
                table: "NamespaceRpoStates");
        }
    }
}
