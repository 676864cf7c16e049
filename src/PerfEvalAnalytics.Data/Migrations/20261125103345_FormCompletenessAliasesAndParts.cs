using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PerfEvalAnalytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class FormCompletenessAliasesAndParts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NameAsFiled",
                table: "indicator_rows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CanonicalUnitName",
                table: "forms",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IncompleteReason",
                table: "forms",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsIncomplete",
                table: "forms",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SourcePart",
                table: "forms",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NameAsFiled",
                table: "indicator_rows");

            migrationBuilder.DropColumn(
                name: "CanonicalUnitName",
                table: "forms");

            migrationBuilder.DropColumn(
                name: "IncompleteReason",
                table: "forms");

            migrationBuilder.DropColumn(
                name: "IsIncomplete",
                table: "forms");

            migrationBuilder.DropColumn(
                name: "SourcePart",
                table: "forms");
        }
    }
}
