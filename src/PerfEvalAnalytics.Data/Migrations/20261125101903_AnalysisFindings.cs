using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnalysisFindings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Grade",
                table: "forms",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "analysis_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SettingsHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RuleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FormCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FindingCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analysis_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "finding_reviews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FindingKey = table.Column<string>(type: "TEXT", maxLength: 900, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Reviewer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_finding_reviews", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "findings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    FormId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 900, nullable: false),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RuleTitle = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RuleTitleEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Family = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    UnitName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProjectName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: true),
                    Indicator = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: false),
                    MessageEn = table.Column<string>(type: "TEXT", nullable: false),
                    EvidenceJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_findings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_findings_analysis_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "analysis_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_findings_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_finding_reviews_FindingKey_Id",
                table: "finding_reviews",
                columns: new[] { "FindingKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_findings_FormId_Line",
                table: "findings",
                columns: new[] { "FormId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_findings_Key",
                table: "findings",
                column: "Key");

            migrationBuilder.CreateIndex(
                name: "IX_findings_RunId",
                table: "findings",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_findings_Severity_RuleCode",
                table: "findings",
                columns: new[] { "Severity", "RuleCode" });

            migrationBuilder.CreateIndex(
                name: "IX_findings_Year_UnitName",
                table: "findings",
                columns: new[] { "Year", "UnitName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "finding_reviews");

            migrationBuilder.DropTable(
                name: "findings");

            migrationBuilder.DropTable(
                name: "analysis_runs");

            migrationBuilder.DropColumn(
                name: "Grade",
                table: "forms");
        }
    }
}
