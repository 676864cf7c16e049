using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ExcelDataReader;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// Reads every sheet of an .xlsx or .xls workbook into a grid. Cells become the text a user sees in the sheet: a
/// number keeps the decimals its number format shows (0.50 stays 0.50, 0.9887 formatted 0.00% reads 98.87%), so
/// the recogniser parses what was filed, not a binary double. Rows keep their sheet row number (1-based).
/// </summary>
public static partial class ExcelGridReader
{
    static ExcelGridReader()
    {
        // .xls files and old workbooks store strings in code pages (GBK …) served by the code-pages provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static IReadOnlyList<GridPart> Read(byte[] bytes, string fileName, InputFormat format)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = format == InputFormat.Xls
                ? ExcelReaderFactory.CreateBinaryReader(stream)
                : ExcelReaderFactory.CreateOpenXmlReader(stream);
            var parts = new List<GridPart>();
            do
            {
                var rows = new List<GridRow>();
                var line = 0;
                while (reader.Read())
                {
                    line++;
                    var cells = new string[reader.FieldCount];
                    for (var c = 0; c < cells.Length; c++)
                    {
                        cells[c] = CellText(reader.GetValue(c), reader.GetNumberFormatString(c)).Trim();
                    }

                    rows.Add(new GridRow(line, TrimTrailingBlanks(cells)));
                }

                parts.Add(new GridPart(reader.Name, new CellGrid(rows, Math.Max(line, 1)),
                    format == InputFormat.Xls ? "xls" : "xlsx"));
            }
            while (reader.NextResult());

            return parts;
        }
        catch (Exception ex) when (ex is not FormParseException and not OutOfMemoryException)
        {
            throw new FormParseException(fileName, null,
                $"cannot read the workbook ({ex.GetType().Name}: {ex.Message}); expected an .xlsx or .xls file "
                + "that Excel or LibreOffice opens");
        }
    }

    private static string[] TrimTrailingBlanks(string[] cells)
    {
        var n = cells.Length;
        while (n > 0 && cells[n - 1].Length == 0)
        {
            n--;
        }

        return n == cells.Length ? cells : cells[..n];
    }

    /// <summary>The cell as displayed: text as is (but half a surrogate pair, which a legacy workbook's UTF-16 text
    /// cut mid-character holds, as U+FFFD, as a decoder makes it), numbers through their number format, dates as
    /// ISO.</summary>
    internal static string CellText(object? value, string? format) => value switch
    {
        null => string.Empty,
        string s => Nfkc.Valid(s),
        bool b => b ? "TRUE" : "FALSE",
        DateTime d => DateText(d, format),
        TimeSpan t => t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
        double v => NumberText(v, format),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string DateText(DateTime d, string? format)
    {
        // A time-only cell is a date on the 1899-12-30/31 epoch.
        if (d.Year < 1901)
        {
            return d.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return d.TimeOfDay == TimeSpan.Zero || format?.Contains('h', StringComparison.OrdinalIgnoreCase) != true
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    internal static string NumberText(double v, string? format)
    {
        var f = NetFormat(format);
        if (f is null)
        {
            // "General": at most 15 significant digits, as Excel shows them; never an exponent.
            var g = v.ToString("G15", CultureInfo.InvariantCulture);
            return g.Contains('E', StringComparison.Ordinal) ? ((decimal)v).ToString(CultureInfo.InvariantCulture) : g;
        }

        return v.ToString(f, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The first section of an Excel number format, as a .NET custom format (0.00, #,##0.00, 0.00% …); null for
    /// General or a format .NET cannot render the same way.
    /// </summary>
    private static string? NetFormat(string? format)
    {
        if (string.IsNullOrEmpty(format) || format.Equals("General", StringComparison.OrdinalIgnoreCase)
            || format == "@")
        {
            return null;
        }

        var section = format.Split(';')[0];
        section = ExcelDecorations().Replace(section, string.Empty);
        return SimpleNumberFormat().IsMatch(section) ? section : null;
    }

    // [Red], [$-804], _) padding, *x fill, and quoted literals that are not part of the number.
    [GeneratedRegex(@"\[[^\]]*\]|_.|\*.|""[^""]*""|\\.")]
    private static partial Regex ExcelDecorations();

    [GeneratedRegex(@"^[#0,]*0?(?:\.[0#]+)?%?$")]
    private static partial Regex SimpleNumberFormat();
}
