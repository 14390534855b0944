using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StorageSnapshotsAndGitOpsRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Bucket",
                table: "ObservedLocations",
                type: "TEXT",
                maxLength: 253,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Prefix",
                table: "ObservedLocations",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Url",
                table: "ObservedLocations",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ObservedGitOpsObjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ManagedNamespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    ObjectJson = table.Column<string>(type: "TEXT", nullable: false),
                    SourceJson = table.Column<string>(type: "TEXT", nullable: true),
                    ObservedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservedGitOpsObjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SnapshotSchedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Claims = table.Column<string>(type: "TEXT", nullable: false),
                    WorkloadKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    WorkloadName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    SnapshotClass = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    Consistency = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    KeepLast = table.Column<int>(type: "INTEGER", nullable: true),
                    KeepDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SnapshotSchedules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ObservedGitOpsObjects_ClusterId_ManagedNamespace_Kind_Namespace_Name",
                table: "ObservedGitOpsObjects",
                columns: new[] { "ClusterId", "ManagedNamespace", "Kind", "Namespace", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotSchedules_ClusterId_Namespace",
                table: "SnapshotSchedules",
                columns: new[] { "ClusterId", "Namespace" });

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotSchedules_NextDueAt",
                table: "SnapshotSchedules",
                column: "NextDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_SnapshotSchedules_TenantId",
                table: "SnapshotSchedules",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ObservedGitOpsObjects");

            migrationBuilder.DropTable(
                name: "SnapshotSchedules");

            migrationBuilder.DropColumn(
                name: "Bucket",
                table: "ObservedLocations");

            migrationBuilder.DropColumn(
                name: "Prefix",
                table: "ObservedLocations");

            migrationBuilder.DropColumn(
                name: "Url",
                table: "ObservedLocations");
        }
    }
}
