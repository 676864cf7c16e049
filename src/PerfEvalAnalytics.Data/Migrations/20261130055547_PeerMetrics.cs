using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeerMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "form_metrics",
                columns: table => new
                {
                    FormId = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    District = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ExecutionRate = table.Column<double>(type: "REAL", nullable: true),
                    TotalScore = table.Column<double>(type: "REAL", nullable: true),
                    ExactShare = table.Column<double>(type: "REAL", nullable: true),
                    Findings = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_metrics", x => x.FormId);
                    table.ForeignKey(
                        name: "FK_form_metrics_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_form_metrics_Year_Kind_District",
                table: "form_metrics",
                columns: new[] { "Year", "Kind", "District" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "form_metrics");
        }
    }
}
