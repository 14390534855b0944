using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClusterRecovery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
