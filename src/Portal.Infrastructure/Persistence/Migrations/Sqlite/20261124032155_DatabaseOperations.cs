using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DatabaseOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DatabaseId",
                table: "Requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultJson",
                table: "Requests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AppliedAt",
                table: "DumpSchedules",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CnpgMethod",
                table: "DumpSchedules",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DatabaseName",
                table: "DumpSchedules",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Method",
                table: "DumpSchedules",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Namespace",
                table: "DumpSchedules",
                type: "TEXT",
                maxLength: 63,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "DumpSchedules",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Method",
                table: "DumpArtifacts",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "RequestId",
                table: "DumpArtifacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Requests_DatabaseId_CreatedAt",
                table: "Requests",
                columns: new[] { "DatabaseId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DumpSchedules_ClusterId_State",
                table: "DumpSchedules",
                columns: new[] { "ClusterId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_DatabaseId_CreatedAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_DumpSchedules_ClusterId_State",
                table: "DumpSchedules");

            migrationBuilder.DropColumn(
                name: "DatabaseId",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "ResultJson",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "AppliedAt",
                table: "DumpSchedules");

            migrationBuilder.DropColumn(
                name: "CnpgMethod",
                table: "DumpSchedules");

            migrationBuilder.DropColumn(
                name: "DatabaseName",
                table: "DumpSchedules");

            migrationBuilder.DropColumn(
                name: "Method",
                table: "DumpSchedules");

            migrationBuilder.DropColumn(
                name: "Namespace",
                table: "DumpSchedules");

            migrationBuilder.DropColumn(
                name: "State",
                table: "DumpSchedules");

            migrationBuilder.DropColumn(
                name: "Method",
                table: "DumpArtifacts");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "DumpArtifacts");
        }
    }
}
