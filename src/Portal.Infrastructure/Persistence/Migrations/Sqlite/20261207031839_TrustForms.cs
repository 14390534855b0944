using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrustForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubmissionFingerprint",
                table: "Requests",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RequestSubmissionKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestSubmissionKeys", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_SubmissionFingerprint_CreatedAt",
                table: "Requests",
                columns: new[] { "SubmissionFingerprint", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestSubmissionKeys_CreatedAt",
                table: "RequestSubmissionKeys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_RequestSubmissionKeys_RequestId",
                table: "RequestSubmissionKeys",
                column: "RequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RequestSubmissionKeys");

            migrationBuilder.DropIndex(
                name: "IX_Requests_SubmissionFingerprint_CreatedAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "SubmissionFingerprint",
                table: "Requests");
        }
    }
}
