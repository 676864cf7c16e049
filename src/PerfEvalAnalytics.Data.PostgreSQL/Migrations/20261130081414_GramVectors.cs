using Microsoft.EntityFrameworkCore.Migrations;
using PerfEvalAnalytics.Data.Search;

#nullable disable

namespace PerfEvalAnalytics.Data.PostgreSQL.Migrations
{
    /// <summary>
    /// The free-text GIN indexes over tsvectors of bigrams instead of text[] of characters and bigrams
    /// (<see cref="PostgresGrams"/>): the same answers, at about half the index upkeep every ingested row pays and
    /// half the index size. The indexes are rebuilt from the stored rows.
    /// </summary>
    public partial class GramVectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in PostgresGrams.Up)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in PostgresGrams.Down)
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
