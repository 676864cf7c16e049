using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PerfEvalAnalytics.Data.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analysis_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SettingsHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RuleCount = table.Column<int>(type: "integer", nullable: false),
                    FormCount = table.Column<int>(type: "integer", nullable: false),
                    FindingCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_analysis_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "finding_reviews",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FindingKey = table.Column<string>(type: "character varying(900)", maxLength: 900, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Reviewer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_finding_reviews", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NormalizedName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UnitId = table.Column<long>(type: "bigint", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProjectName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    UnitNameAsFiled = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AmountUnit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    GoalPlanned = table.Column<string>(type: "text", nullable: true),
                    GoalAchieved = table.Column<string>(type: "text", nullable: true),
                    GoalLine = table.Column<int>(type: "integer", nullable: true),
                    TotalPoints = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    TotalScore = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    TotalLine = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    IndicatorCount = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    FileSha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    ContentSha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Encoding = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IngestedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_forms_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "budget_lines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FormId = table.Column<long>(type: "bigint", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    GroupLabel = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Category = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RawLabel = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    InitialBudget = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    AnnualBudget = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Executed = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ReportedRate = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Points = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Score = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Line = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_budget_lines_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "findings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    FormId = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "character varying(900)", maxLength: 900, nullable: false),
                    RuleCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RuleTitle = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RuleTitleEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Family = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Severity = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    UnitName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProjectName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: true),
                    Indicator = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Message = table.Column<string>(type: "text", nullable: false),
                    MessageEn = table.Column<string>(type: "text", nullable: false),
                    EvidenceJson = table.Column<string>(type: "text", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "form_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FormId = table.Column<long>(type: "bigint", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_form_notes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_form_notes_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "indicator_rows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FormId = table.Column<long>(type: "bigint", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    Level1 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level1Weight = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Level1Basis = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Level2 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    TargetRaw = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    TargetOp = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TargetValue = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    TargetUnit = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    TargetKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActualRaw = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ActualOp = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActualValue = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ActualUnit = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ActualKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Points = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Score = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Explanation = table.Column<string>(type: "text", nullable: true),
                    Line = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indicator_rows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_indicator_rows_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_budget_lines_FormId_Ordinal",
                table: "budget_lines",
                columns: new[] { "FormId", "Ordinal" },
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_form_notes_FormId_Ordinal",
                table: "form_notes",
                columns: new[] { "FormId", "Ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_forms_FileSha256",
                table: "forms",
                column: "FileSha256");

            migrationBuilder.CreateIndex(
                name: "IX_forms_UnitId_Year_Kind_ProjectName",
                table: "forms",
                columns: new[] { "UnitId", "Year", "Kind", "ProjectName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_indicator_rows_FormId_Ordinal",
                table: "indicator_rows",
                columns: new[] { "FormId", "Ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_units_NormalizedName",
                table: "units",
                column: "NormalizedName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budget_lines");

            migrationBuilder.DropTable(
                name: "finding_reviews");

            migrationBuilder.DropTable(
                name: "findings");

            migrationBuilder.DropTable(
                name: "form_notes");

            migrationBuilder.DropTable(
                name: "indicator_rows");

            migrationBuilder.DropTable(
                name: "analysis_runs");

            migrationBuilder.DropTable(
                name: "forms");

            migrationBuilder.DropTable(
                name: "units");
        }
    }
}
