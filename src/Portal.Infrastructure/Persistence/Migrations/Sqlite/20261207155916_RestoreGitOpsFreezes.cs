using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RestoreGitOpsFreezes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_GitOpsFreezes_ClusterId_Namespace",
                table: "GitOpsFreezes",
                columns: new[] { "ClusterId", "Namespace" });

            migrationBuilder.CreateIndex(
                name: "IX_GitOpsFreezes_RequestId",
                table: "GitOpsFreezes",
                column: "RequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GitOpsFreezes");
        }
    }
}
