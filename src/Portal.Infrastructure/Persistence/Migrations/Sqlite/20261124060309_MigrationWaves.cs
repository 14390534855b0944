using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MigrationWaves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MigrationPlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SourceClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MigrationPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MigrationWaves",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NotBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    NotAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    ConcurrencyLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    SubmittedById = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SubmittedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedById = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MigrationWaves", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MigrationWaves_MigrationPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "MigrationPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MigrationApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    WaveId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClusterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceNamespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    TargetNamespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    GitOps = table.Column<string>(type: "TEXT", nullable: false),
                    Classification = table.Column<string>(type: "TEXT", nullable: false),
                    RecommendedPlaybook = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RecommendationReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Alternatives = table.Column<string>(type: "TEXT", nullable: false),
                    Playbook = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Mappings = table.Column<string>(type: "TEXT", nullable: false),
                    Findings = table.Column<string>(type: "TEXT", nullable: false),
                    PreflightAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PreflightStale = table.Column<bool>(type: "INTEGER", nullable: false),
                    PreviewYaml = table.Column<string>(type: "TEXT", nullable: true),
                    PreviewObjectCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TransformSkipped = table.Column<string>(type: "TEXT", nullable: false),
                    TransformNotes = table.Column<string>(type: "TEXT", nullable: false),
                    WarningsAcknowledgedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    WarningsAcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OwnerAcknowledgedById = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OwnerAcknowledgedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OwnerAcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    StatusDetail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    MigrationRequestId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RollbackRequestId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RollbackRequestedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Steps = table.Column<string>(type: "TEXT", nullable: false),
                    RollbackSteps = table.Column<string>(type: "TEXT", nullable: false),
                    RunState = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MigrationApplications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MigrationApplications_MigrationWaves_WaveId",
                        column: x => x.WaveId,
                        principalTable: "MigrationWaves",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MigrationApplications_ClusterId_SourceNamespace",
                table: "MigrationApplications",
                columns: new[] { "ClusterId", "SourceNamespace" });

            migrationBuilder.CreateIndex(
                name: "IX_MigrationApplications_PlanId_WaveId",
                table: "MigrationApplications",
                columns: new[] { "PlanId", "WaveId" });

            migrationBuilder.CreateIndex(
                name: "IX_MigrationApplications_TenantId",
                table: "MigrationApplications",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_MigrationApplications_WaveId",
                table: "MigrationApplications",
                column: "WaveId");

            migrationBuilder.CreateIndex(
                name: "IX_MigrationPlans_CreatedAt",
                table: "MigrationPlans",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_MigrationWaves_PlanId_Order",
                table: "MigrationWaves",
                columns: new[] { "PlanId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_MigrationWaves_Status",
                table: "MigrationWaves",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MigrationApplications");

            migrationBuilder.DropTable(
                name: "MigrationWaves");

            migrationBuilder.DropTable(
                name: "MigrationPlans");
        }
    }
}
