using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <summary>
    /// SQLite search indexes merge 16 segments at a time (SearchSql.SqliteMergeWidthUp explains why). No model
    /// change; PostgreSQL's GIN indexes have no segments, so that provider has no counterpart.
    /// </summary>
    public partial class SearchMergeWidth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SearchSql.SqliteMergeWidthUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SearchSql.SqliteMergeWidthDown)
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
