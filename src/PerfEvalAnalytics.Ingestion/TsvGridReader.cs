using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// Reads tab-separated spreadsheet text ("Text (Tab delimited)" exports) into a <see cref="CellGrid"/>.
/// Quoted cells, as spreadsheet programs write them for text holding tabs, quotes or line breaks, are unquoted;
/// each row keeps the line it started on. Text without any quote character has no quoted cell and is split on
/// delimiters and line breaks directly (<see cref="Split"/>); text with one goes through CsvHelper's RFC 4180 parser.
/// </summary>
public static class TsvGridReader
{
    internal static readonly CsvConfiguration Configuration = Create("\t");

    internal static readonly CsvConfiguration CommaConfiguration = Create(",");

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

    public static CellGrid Read(string text) => Read(text, Configuration, '\t');

    /// <summary>Reads comma-separated text (a CSV export of the sheet) the same way.</summary>
    public static CellGrid ReadCsv(string text) => Read(text, CommaConfiguration, ',');

    private static CellGrid Read(string text, CsvConfiguration configuration, char delimiter) =>
        text.Contains('"', StringComparison.Ordinal) ? Parse(text, configuration) : Split(text, delimiter);

    /// <summary>
    /// Text without quotes, as the CSV parser reads it: a row per line (a line ends at \r\n, \n or \r; a blank line
    /// is a row of one blank cell; a line break at the very end opens no row), a cell per delimiter-separated part,
    /// each trimmed. The parser's buffers and untrimmed copies are not made (a generated form's grid: 17 KB
    /// allocated instead of 39). The tests hold it to the parser's result on every text form of the repository, on
    /// random texts and across the parser's buffer boundary.
    /// </summary>
    internal static CellGrid Split(string text, char delimiter)
    {
        var rows = new List<GridRow>();
        var cells = new List<string>();
        var line = 1;
        var pos = 0;
        while (pos < text.Length)
        {
            cells.Clear();
            var start = pos;
            while (pos < text.Length && text[pos] is not ('\n' or '\r'))
            {
                if (text[pos] == delimiter)
                {
                    cells.Add(Cell(text, start, pos));
                    start = pos + 1;
                }

                pos++;
            }

            cells.Add(Cell(text, start, pos));
            rows.Add(new GridRow(line, cells.ToArray()));
            if (pos < text.Length)
            {
                // One line break: \r\n counts once.
                pos += text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n' ? 2 : 1;
                if (pos < text.Length)
                {
                    line++;
                }
            }
        }

        return new CellGrid(rows, line);

        static string Cell(string text, int start, int end)
        {
            var cell = text.AsSpan(start, end - start).Trim();
            return cell.Length == 0 ? string.Empty : cell.ToString();
        }
    }

    internal static CellGrid Parse(string text, CsvConfiguration configuration)
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
