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
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        Delimiter = "\t",
        HasHeaderRecord = false,
        DetectDelimiter = false,
        IgnoreBlankLines = false,
        Mode = CsvMode.RFC4180,
        // A stray quote inside a cell is text, not an error: forms quote their own phrases.
        BadDataFound = null,
        MissingFieldFound = null,
    };

    public static CellGrid Read(string text)
    {
        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, Configuration);
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
