using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// Reads tab-separated spreadsheet text ("Text (Tab delimited)" exports) into a <see cref="CellGrid"/>.
/// Quoted cells, as spreadsheet programs write them for text holding tabs, quotes or line breaks, are unquoted;
/// each row keeps the line it started on.
/// </summary>
public static class TsvGridReader
{
    private static readonly CsvConfiguration Configuration = Create("\t");

    private static readonly CsvConfiguration CommaConfiguration = Create(",");

    private static CsvConfiguration Create(string delimiter) => new(CultureInfo.InvariantCulture)
    {
        Delimiter = delimiter,
        HasHeaderRecord = false,
        DetectDelimiter = false,
        IgnoreBlankLines = false,
        Mode = CsvMode.RFC4180,
        // A stray quote inside a cell is text, not an error: forms quote their own phrases.
        BadDataFound = null,
        MissingFieldFound = null,
    };

    public static CellGrid Read(string text) => Read(text, Configuration);

    /// <summary>Reads comma-separated text (a CSV export of the sheet) the same way.</summary>
    public static CellGrid ReadCsv(string text) => Read(text, CommaConfiguration);

    private static CellGrid Read(string text, CsvConfiguration configuration)
    {
        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, configuration);
        var rows = new List<GridRow>();
        var previousRawRow = 0;
        while (parser.Read())
        {
            var cells = parser.Record ?? [];
            var trimmed = new string[cells.Length];
            for (var i = 0; i < cells.Length; i++)
            {
                trimmed[i] = cells[i].Trim();
            }

            rows.Add(new GridRow(previousRawRow + 1, trimmed));
            previousRawRow = parser.RawRow;
        }

        return new CellGrid(rows, Math.Max(previousRawRow, 1));
    }
}
