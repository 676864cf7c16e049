using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class FreeTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "OutlierScore",
                table: "findings",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_indicator_rows_explained",
                table: "indicator_rows",
                columns: new[] { "FormId", "Ordinal" },
                filter: "\"Explanation\" IS NOT NULL AND \"Explanation\" <> ''");

            migrationBuilder.CreateIndex(
                name: "ix_forms_year_id",
                table: "forms",
                columns: new[] { "Year", "Id" },
                descending: new[] { true, false });

            migrationBuilder.CreateIndex(
                name: "ix_findings_severity_id",
                table: "findings",
                columns: new[] { "Severity", "Id" },
                descending: new[] { true, false });

            // ML1's score was only in the evidence JSON until now.
            migrationBuilder.Sql(
                "UPDATE findings SET OutlierScore = json_extract(EvidenceJson, '$.score') WHERE RuleCode = 'ML1';");

            // Free-text search: FTS5 tables of character bigrams (SearchTerms.Document, registered on every store
            // connection as perfeval_grams), kept in step by triggers so every write path (ingest, replace,
            // re-analysis, cascades) updates them in its own transaction. A later migration that makes EF rebuild
            // indicator_rows or findings (SQLite table rebuild) drops these triggers and must create them again.
            foreach (var sql in SearchSql.SqliteUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SearchSql.SqliteDown)
            {
                migrationBuilder.Sql(sql);
            }

            migrationBuilder.DropIndex(
                name: "ix_indicator_rows_explained",
                table: "indicator_rows");

            migrationBuilder.DropIndex(
                name: "ix_forms_year_id",
                table: "forms");

            migrationBuilder.DropIndex(
                name: "ix_findings_severity_id",
                table: "findings");

            migrationBuilder.DropColumn(
                name: "OutlierScore",
                table: "findings");
        }
    }
}
