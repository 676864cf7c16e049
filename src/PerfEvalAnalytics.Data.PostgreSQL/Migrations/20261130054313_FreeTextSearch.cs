using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Data.PostgreSQL.Migrations
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
                type: "double precision",
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
            migrationBuilder.Sql("""
                UPDATE findings SET "OutlierScore" = ("EvidenceJson"::jsonb ->> 'score')::double precision
                WHERE "RuleCode" = 'ML1';
                """);

            // Free-text search: GIN indexes over each text's characters and character bigrams (perfeval_grams, the
            // same grams as SearchTerms), maintained by PostgreSQL on every insert, delete and update.
            foreach (var sql in SearchSql.PostgresUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SearchSql.PostgresDown)
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
