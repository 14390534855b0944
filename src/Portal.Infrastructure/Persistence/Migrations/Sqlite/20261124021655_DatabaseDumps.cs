using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DatabaseDumps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DatabaseTargets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Engine = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ServiceName = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    DatabaseNames = table.Column<string>(type: "TEXT", nullable: false),
                    Credentials = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    SourceObject = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    ServerMajorVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    RpoTarget = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    RegisteredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatabaseTargets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DumpArtifacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScheduleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatabaseTargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobName = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Location = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ToolVersion = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DumpArtifacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DumpSchedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatabaseTargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Postgres = table.Column<string>(type: "TEXT", nullable: true),
                    MySql = table.Column<string>(type: "TEXT", nullable: true),
                    Destination = table.Column<string>(type: "TEXT", nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Retention = table.Column<string>(type: "TEXT", nullable: false),
                    ClientImage = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Suspended = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DumpSchedules", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DatabaseTargets_ClusterId_Namespace_Name",
                table: "DatabaseTargets",
                columns: new[] { "ClusterId", "Namespace", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DatabaseTargets_TenantId",
                table: "DatabaseTargets",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_DumpArtifacts_ClusterId_JobName",
                table: "DumpArtifacts",
                columns: new[] { "ClusterId", "JobName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DumpArtifacts_DatabaseTargetId_StartedAt",
                table: "DumpArtifacts",
                columns: new[] { "DatabaseTargetId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DumpSchedules_DatabaseTargetId",
                table: "DumpSchedules",
                column: "DatabaseTargetId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DatabaseTargets");

            migrationBuilder.DropTable(
                name: "DumpArtifacts");

            migrationBuilder.DropTable(
                name: "DumpSchedules");
        }
    }
}
