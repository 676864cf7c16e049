using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class FindingsGridIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_findings_read_rule",
                table: "findings",
                columns: new[] { "RuleCode", "Severity", "Year", "Kind", "UnitName" });

            migrationBuilder.CreateIndex(
                name: "ix_findings_read_year",
                table: "findings",
                columns: new[] { "Year", "Kind", "Severity", "RuleCode", "UnitName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_findings_read_rule",
                table: "findings");

            migrationBuilder.DropIndex(
                name: "ix_findings_read_year",
                table: "findings");
        }
    }
}
