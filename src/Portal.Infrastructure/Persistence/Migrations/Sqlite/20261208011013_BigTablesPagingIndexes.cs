using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BigTablesPagingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Requests_Kind_CreatedAt",
                table: "Requests",
                columns: new[] { "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_CreatedAt",
                table: "Requests",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestEvents_At",
                table: "RequestEvents",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TenantId_Sequence",
                table: "AuditEvents",
                columns: new[] { "TenantId", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_Kind_CreatedAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Status_CreatedAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_RequestEvents_At",
                table: "RequestEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_TenantId_Sequence",
                table: "AuditEvents");
        }
    }
}
