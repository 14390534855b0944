using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MigrationWavePlanners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PlannerIds",
                table: "MigrationWaves",
                type: "text",
                nullable: false,
                defaultValue: "[]"); // an empty JSON list for waves planned before planners were recorded
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PlannerIds",
                table: "MigrationWaves");
        }
    }
}
