using Microsoft.EntityFrameworkCore.Migrations;
using PerfEvalAnalytics.Data.Search;

#nullable disable

namespace PerfEvalAnalytics.Data.PostgreSQL.Migrations
{
    /// <summary>
    /// The explanation search's GIN index moves from the expression perfeval_gram_vector("Explanation") to a stored
    /// tsvector column, ExplanationGrams, which the COPY writer fills from the client (<see cref="PostgresGrams"/>):
    /// the same vectors and answers, without a PL/pgSQL call per ingested row on the server. Existing rows are filled
    /// here; triggers fill the column for any other writer.
    /// </summary>
    public partial class StoredGramVectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in PostgresGrams.StoredUp)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in PostgresGrams.StoredDown)
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
