using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProvenRecovery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeSpan>(
                name: "TargetRto",
                table: "TenantNamespaces",
                type: "TEXT",
                nullable: true);

            // Plans made before recoveries existed are migrations, with nothing unrecoverable.
            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "MigrationPlans",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Migration");

            migrationBuilder.AddColumn<string>(
                name: "Unrecoverable",
                table: "MigrationPlans",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Recovery",
                table: "MigrationApplications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DrillSchedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    PolicyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TargetClusterId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Checks = table.Column<string>(type: "TEXT", nullable: false),
                    KeepForInspection = table.Column<TimeSpan>(type: "TEXT", nullable: true),
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
                    table.PrimaryKey("PK_DrillSchedules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GitOpsFreezes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ObjectApiVersion = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ObjectKind = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    ObjectNamespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    ObjectName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    PriorArgoAutomatedJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PriorFluxSuspend = table.Column<bool>(type: "INTEGER", nullable: true),
                    FrozenBy = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Until = table.Column<long>(type: "INTEGER", nullable: true),
                    KeepFrozen = table.Column<bool>(type: "INTEGER", nullable: false),
                    FrozenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UnfrozenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UnfrozenBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GitOpsFreezes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RestoreDrills",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    TargetClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScratchNamespaceName = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    BackupName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    BackupChosen = table.Column<bool>(type: "INTEGER", nullable: false),
                    BackupTakenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ScheduleId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RestoreName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RestoreStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MeasuredRto = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    TargetRto = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Checks = table.Column<string>(type: "TEXT", nullable: false),
                    CheckResults = table.Column<string>(type: "TEXT", nullable: false),
                    KeepForInspection = table.Column<TimeSpan>(type: "TEXT", nullable: true),
                    KeepUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    CleanupState = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CleanedUpAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CleanupError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RestoreDrills", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DrillSchedules_ClusterId_Namespace",
                table: "DrillSchedules",
                columns: new[] { "ClusterId", "Namespace" },
                unique: true,
                filter: "\"PolicyId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DrillSchedules_NextDueAt",
                table: "DrillSchedules",
                column: "NextDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_DrillSchedules_PolicyId",
                table: "DrillSchedules",
                column: "PolicyId",
                unique: true,
                filter: "\"PolicyId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DrillSchedules_TenantId",
                table: "DrillSchedules",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_GitOpsFreezes_ClusterId_Namespace",
                table: "GitOpsFreezes",
                columns: new[] { "ClusterId", "Namespace" });

            migrationBuilder.CreateIndex(
                name: "IX_GitOpsFreezes_RequestId",
                table: "GitOpsFreezes",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_RestoreDrills_CleanupState_TargetClusterId",
                table: "RestoreDrills",
                columns: new[] { "CleanupState", "TargetClusterId" });

            migrationBuilder.CreateIndex(
                name: "IX_RestoreDrills_ClusterId_Namespace_CreatedAt",
                table: "RestoreDrills",
                columns: new[] { "ClusterId", "Namespace", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RestoreDrills_RequestId",
                table: "RestoreDrills",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RestoreDrills_ScheduleId",
                table: "RestoreDrills",
                column: "ScheduleId");

            migrationBuilder.CreateIndex(
                name: "IX_RestoreDrills_TargetClusterId_ScratchNamespaceName",
                table: "RestoreDrills",
                columns: new[] { "TargetClusterId", "ScratchNamespaceName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RestoreDrills_TenantId",
                table: "RestoreDrills",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DrillSchedules");

            migrationBuilder.DropTable(
                name: "GitOpsFreezes");

            migrationBuilder.DropTable(
                name: "RestoreDrills");

            migrationBuilder.DropColumn(
                name: "TargetRto",
                table: "TenantNamespaces");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "MigrationPlans");

            migrationBuilder.DropColumn(
                name: "Unrecoverable",
                table: "MigrationPlans");

            migrationBuilder.DropColumn(
                name: "Recovery",
                table: "MigrationApplications");
        }
    }
}
