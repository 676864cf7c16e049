using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <summary>
    /// Nothing to do on SQLite: the PostgreSQL migration of the same name stores the explanations' gram vectors in a
    /// column for its GIN index; SQLite's FTS5 tables are unchanged. Kept so both providers' migration sets stay in
    /// step.
    /// </summary>
    public partial class StoredGramVectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
