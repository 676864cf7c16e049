using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

using PerfEvalAnalytics.Data.Search;

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <summary>
    /// SQLite free-text search indexes written rows at commit, set-based, instead of one FTS5 insert per row by
    /// trigger (SearchSql.SqliteQueueUp explains why). No model change; PostgreSQL needs nothing (its GIN indexes have
    /// no such cost), so that provider has no counterpart.
    /// </summary>
    public partial class SearchQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SearchSql.SqliteQueueUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SearchSql.SqliteQueueDown)
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
