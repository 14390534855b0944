using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Postgres
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
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ClusterFollowLeases",
                columns: table => new
                {
                    ClusterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AcquiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClusterFollowLeases", x => x.ClusterId);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceDays",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClusterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Protected = table.Column<int>(type: "integer", nullable: false),
                    AtRisk = table.Column<int>(type: "integer", nullable: false),
                    Unprotected = table.Column<int>(type: "integer", nullable: false),
                    NonCompliant = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceDays", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NamespaceProtections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClusterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Namespace = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Target = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PolicyId = table.Column<Guid>(type: "uuid", nullable: false),
                    PolicyName = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Paused = table.Column<bool>(type: "boolean", nullable: false),
                    PausedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PauseReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PausedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppliedSpecHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Drift = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DriftDetail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DriftSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NamespaceProtections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NamespaceRpoStates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClusterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Namespace = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    LastGoodBackup = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    LastGoodAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastGoodSource = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    LastRunBackup = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    LastRunPhase = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    LastRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FailedRunsInRow = table.Column<int>(type: "integer", nullable: false),
                    FailureSummary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    StorageLocation = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NamespaceRpoStates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ObservedBackups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClusterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    Uid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Phase = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ScheduleName = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    ProtectionId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    IncludedNamespaces = table.Column<string>(type: "text", nullable: false),
                    ExcludedNamespaces = table.Column<string>(type: "text", nullable: false),
                    ClusterResourcesOnly = table.Column<bool>(type: "boolean", nullable: false),
                    StorageLocation = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Expiration = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Errors = table.Column<int>(type: "integer", nullable: false),
                    Warnings = table.Column<int>(type: "integer", nullable: false),
                    FailureReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ObservedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservedBackups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ObservedLocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClusterId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    Provider = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Phase = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    IsDefault = table.Column<bool>(type: "boolean", nullable: false),
                    AccessMode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    LastValidated = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    UnavailableSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ObservedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservedLocations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProtectionPolicies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Target = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Cron = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Retention = table.Column<TimeSpan>(type: "interval", nullable: false),
                    TargetRpo = table.Column<TimeSpan>(type: "interval", nullable: false),
                    Volumes = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StorageLocation = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    ExcludedResources = table.Column<string>(type: "text", nullable: false),
                    Hooks = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProtectionPolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProtectionPolicyGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    PolicyId = table.Column<Guid>(type: "uuid", nullable: false),
                    GrantedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
