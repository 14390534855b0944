using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContinuousProtection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "MinimumProtectionPolicyId",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ClusterFollowLeases",
                columns: table => new
                {
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AcquiredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClusterFollowLeases", x => x.ClusterId);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceDays",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Protected = table.Column<int>(type: "INTEGER", nullable: false),
                    AtRisk = table.Column<int>(type: "INTEGER", nullable: false),
                    Unprotected = table.Column<int>(type: "INTEGER", nullable: false),
                    NonCompliant = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceDays", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NamespaceProtections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PolicyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PolicyName = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Paused = table.Column<bool>(type: "INTEGER", nullable: false),
                    PausedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PauseReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PausedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRequestId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AppliedSpecHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Drift = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DriftDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DriftSeenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NamespaceProtections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NamespaceRpoStates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    LastGoodBackup = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    LastGoodAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastGoodSource = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    LastRunBackup = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    LastRunPhase = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FailedRunsInRow = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureSummary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StorageLocation = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NamespaceRpoStates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ObservedBackups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Uid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ScheduleName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    ProtectionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IncludedNamespaces = table.Column<string>(type: "TEXT", nullable: false),
                    ExcludedNamespaces = table.Column<string>(type: "TEXT", nullable: false),
                    ClusterResourcesOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    StorageLocation = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Expiration = table.Column<long>(type: "INTEGER", nullable: true),
                    Errors = table.Column<int>(type: "INTEGER", nullable: false),
                    Warnings = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ObservedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservedBackups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ObservedLocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessMode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    LastValidated = table.Column<long>(type: "INTEGER", nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UnavailableSince = table.Column<long>(type: "INTEGER", nullable: true),
                    ObservedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservedLocations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProtectionPolicies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Target = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Retention = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    TargetRpo = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    Volumes = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StorageLocation = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    ExcludedResources = table.Column<string>(type: "TEXT", nullable: false),
                    Hooks = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtectionPolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProtectionPolicyGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PolicyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GrantedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtectionPolicyGrants", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceDays_Day_TenantId_ClusterId",
                table: "ComplianceDays",
                columns: new[] { "Day", "TenantId", "ClusterId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceDays_TenantId_Day",
                table: "ComplianceDays",
                columns: new[] { "TenantId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_NamespaceProtections_ClusterId_Target_Namespace",
                table: "NamespaceProtections",
                columns: new[] { "ClusterId", "Target", "Namespace" },
                unique: true,
                filter: "\"State\" <> 'Removed'");

            migrationBuilder.CreateIndex(
                name: "IX_NamespaceProtections_PolicyId",
                table: "NamespaceProtections",
                column: "PolicyId");

            migrationBuilder.CreateIndex(
                name: "IX_NamespaceProtections_TenantId",
                table: "NamespaceProtections",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_NamespaceRpoStates_ClusterId_Namespace",
                table: "NamespaceRpoStates",
                columns: new[] { "ClusterId", "Namespace" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NamespaceRpoStates_TenantId",
                table: "NamespaceRpoStates",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ObservedBackups_ClusterId_Name",
                table: "ObservedBackups",
                columns: new[] { "ClusterId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObservedBackups_ClusterId_ScheduleName",
                table: "ObservedBackups",
                columns: new[] { "ClusterId", "ScheduleName" });

            migrationBuilder.CreateIndex(
                name: "IX_ObservedBackups_TenantId",
                table: "ObservedBackups",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ObservedLocations_ClusterId_Kind_Name",
                table: "ObservedLocations",
                columns: new[] { "ClusterId", "Kind", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionPolicies_Name",
                table: "ProtectionPolicies",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionPolicyGrants_PolicyId",
                table: "ProtectionPolicyGrants",
                column: "PolicyId");

            migrationBuilder.CreateIndex(
                name: "IX_ProtectionPolicyGrants_TenantId_PolicyId",
                table: "ProtectionPolicyGrants",
                columns: new[] { "TenantId", "PolicyId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClusterFollowLeases");

            migrationBuilder.DropTable(
                name: "ComplianceDays");

            migrationBuilder.DropTable(
                name: "NamespaceProtections");

            migrationBuilder.DropTable(
                name: "NamespaceRpoStates");

            migrationBuilder.DropTable(
                name: "ObservedBackups");

            migrationBuilder.DropTable(
                name: "ObservedLocations");

            migrationBuilder.DropTable(
                name: "ProtectionPolicies");

            migrationBuilder.DropTable(
                name: "ProtectionPolicyGrants");

            migrationBuilder.DropColumn(
                name: "MinimumProtectionPolicyId",
                table: "Tenants");
        }
    }
}
