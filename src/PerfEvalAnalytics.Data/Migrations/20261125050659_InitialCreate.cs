using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "forms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UnitId = table.Column<long>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProjectName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    UnitNameAsFiled = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AmountUnit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    GoalPlanned = table.Column<string>(type: "TEXT", nullable: true),
                    GoalAchieved = table.Column<string>(type: "TEXT", nullable: true),
                    GoalLine = table.Column<int>(type: "INTEGER", nullable: true),
                    TotalPoints = table.Column<decimal>(type: "TEXT", nullable: true),
                    TotalScore = table.Column<decimal>(type: "TEXT", nullable: true),
                    TotalLine = table.Column<int>(type: "INTEGER", nullable: false),
                    IndicatorCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    FileSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    ContentSha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    Encoding = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    IngestedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FormId = table.Column<long>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    GroupLabel = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RawLabel = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    InitialBudget = table.Column<decimal>(type: "TEXT", nullable: true),
                    AnnualBudget = table.Column<decimal>(type: "TEXT", nullable: true),
                    Executed = table.Column<decimal>(type: "TEXT", nullable: true),
                    ReportedRate = table.Column<decimal>(type: "TEXT", nullable: true),
                    Points = table.Column<decimal>(type: "TEXT", nullable: true),
                    Score = table.Column<decimal>(type: "TEXT", nullable: true),
                    Line = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "form_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FormId = table.Column<long>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FormId = table.Column<long>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Level1 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Level1Weight = table.Column<decimal>(type: "TEXT", nullable: true),
                    Level1Basis = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Level2 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TargetRaw = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    TargetOp = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TargetValue = table.Column<decimal>(type: "TEXT", nullable: true),
                    TargetUnit = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    TargetKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActualRaw = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ActualOp = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActualValue = table.Column<decimal>(type: "TEXT", nullable: true),
                    ActualUnit = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ActualKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Points = table.Column<decimal>(type: "TEXT", nullable: true),
                    Score = table.Column<decimal>(type: "TEXT", nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", nullable: true),
                    Line = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "form_notes");

            migrationBuilder.DropTable(
                name: "indicator_rows");

            migrationBuilder.DropTable(
                name: "forms");

            migrationBuilder.DropTable(
                name: "units");
        }
    }
}
