using System.Text;
using PerfEvalAnalytics.Domain;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// Rebuilds the table of a PDF with a text layer from positions. Ruled tables (the usual published form): the
/// drawn horizontal and vertical rules give the rows and columns, and each letter goes to the cell its centre lies
/// in. Pages without rules: letters are grouped into lines by baseline and split into cells at wide gaps. Pages are
/// read in order into one grid (a form that continues on the next page is one form). Text above the first rule of
/// the first page (a title printed outside the table) becomes rows of its own before the table.
/// </summary>
public static class PdfGridReader
{
    // Rules closer than this (points) are one rule drawn twice (border-collapse, double borders).
    private const double RuleTolerance = 2.0;

    // A drawn segment thinner than this is a rule, not a filled area.
    private const double RuleThickness = 2.5;

    public static CellGrid Read(byte[] bytes, string fileName)
    {
        try
        {
            using var document = PdfDocument.Open(bytes);
            var rows = new List<string[]>();
            foreach (var page in document.GetPages())
            {
                rows.AddRange(ReadPage(page, rows.Count == 0));
            }

            if (rows.Count == 0)
            {
                throw new FormParseException(fileName, null,
                    "the PDF has no text layer (a scan?); expected a PDF with selectable text, or the form as a "
                    + "spreadsheet");
            }

            // A malformed font map can give half a surrogate pair: U+FFFD, as in every other reader.
            var gridRows = rows.Select((cells, i) => new GridRow(i + 1, cells.Select(Nfkc.Valid).ToArray())).ToList();
            return new CellGrid(gridRows, gridRows.Count);
        }
        catch (Exception ex) when (ex is not FormParseException and not OutOfMemoryException)
        {
            throw new FormParseException(fileName, null,
                $"cannot read the PDF ({ex.GetType().Name}: {ex.Message}); expected a PDF with a text layer");
        }
    }

    private static List<string[]> ReadPage(Page page, bool firstPage)
    {
        var letters = page.Letters.Where(l => !string.IsNullOrEmpty(l.Value)).ToList();
        var (ys, xs) = Rules(page);
        if (ys.Count < 2 || xs.Count < 2)
        {
            return UnruledRows(letters);
        }

        // PDF y grows upwards: rows run from the highest rule down.
        ys.Sort((a, b) => b.CompareTo(a));
        xs.Sort();
        var cells = new List<Letter>[ys.Count - 1, xs.Count - 1];
        var above = new List<Letter>();
        foreach (var letter in letters)
        {
            var (cx, cy) = Centre(letter);
            if (cy > ys[0])
            {
                above.Add(letter);
                continue;
            }

            var r = ys.FindIndex(1, y => cy >= y) - 1;
            var c = xs.FindIndex(1, x => cx <= x) - 1;
            if (r < 0 || c < 0)
            {
                continue; // page footer or a margin note outside the table
            }

            (cells[r, c] ??= []).Add(letter);
        }

        var result = firstPage ? UnruledRows(above).Select(l => l.Take(1).ToArray()).ToList() : [];
        for (var r = 0; r < ys.Count - 1; r++)
        {
            var row = new string[xs.Count - 1];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = cells[r, c] is { } list ? CellText(list) : string.Empty;
            }

            result.Add(row);
        }

        return result;
    }

    /// <summary>The y of horizontal rules and the x of vertical rules drawn on the page, de-duplicated.</summary>
    private static (List<double> Ys, List<double> Xs) Rules(Page page)
    {
        var ys = new List<double>();
        var xs = new List<double>();
        foreach (var path in page.Paths)
        {
            foreach (var subpath in path)
            {
                if (subpath.GetBoundingRectangle() is not { } r)
                {
                    continue;
                }

                if (r.Height <= RuleThickness && r.Width > RuleThickness)
                {
                    Add(ys, (r.Bottom + r.Top) / 2);
                }
                else if (r.Width <= RuleThickness && r.Height > RuleThickness)
                {
                    Add(xs, (r.Left + r.Right) / 2);
                }
                else if (path.IsStroked && r.Width > RuleThickness && r.Height > RuleThickness)
                {
                    Add(ys, r.Bottom);
                    Add(ys, r.Top);
                    Add(xs, r.Left);
                    Add(xs, r.Right);
                }
            }
        }

        return (ys, xs);

        static void Add(List<double> list, double v)
        {
            if (!list.Any(x => Math.Abs(x - v) < RuleTolerance))
            {
                list.Add(v);
            }
        }
    }

    private static (double X, double Y) Centre(Letter l) =>
        ((l.BoundingBox.Left + l.BoundingBox.Right) / 2, l.StartBaseLine.Y + (l.PointSize * 0.3));

    /// <summary>A cell's letters as text: lines by baseline, top to bottom; wrapped lines joined without a break.</summary>
    private static string CellText(List<Letter> letters)
    {
        var lines = Lines(letters);
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            var text = string.Concat(line.Select(l => l.Value)).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            // A line wrapped inside a cell continues the same text; only Latin words need a space between them.
            if (sb.Length > 0 && char.IsAsciiLetterOrDigit(sb[^1]) && char.IsAsciiLetterOrDigit(text[0]))
            {
                sb.Append(' ');
            }

            sb.Append(text);
        }

        return sb.ToString();
    }

    private static List<List<Letter>> Lines(List<Letter> letters)
    {
        var lines = new List<List<Letter>>();
        foreach (var l in letters.OrderByDescending(l => l.StartBaseLine.Y).ThenBy(l => l.StartBaseLine.X))
        {
            var line = lines.Count > 0 ? lines[^1] : null;
            if (line is not null && Math.Abs(line[0].StartBaseLine.Y - l.StartBaseLine.Y) < l.PointSize * 0.5)
            {
                line.Add(l);
            }
            else
            {
                lines.Add([l]);
            }
        }

        foreach (var line in lines)
        {
            line.Sort((a, b) => a.StartBaseLine.X.CompareTo(b.StartBaseLine.X));
        }

        return lines;
    }

    /// <summary>Rows from text without rules: one row per line, cells split where the gap is wider than two letters.</summary>
    private static List<string[]> UnruledRows(List<Letter> letters)
    {
        var rows = new List<string[]>();
        foreach (var line in Lines(letters))
        {
            var cells = new List<string>();
            var sb = new StringBuilder();
            Letter? previous = null;
            foreach (var l in line)
            {
                if (previous is not null && l.StartBaseLine.X - previous.EndBaseLine.X > l.PointSize * 2)
                {
                    cells.Add(sb.ToString().Trim());
                    sb.Clear();
                }

                sb.Append(l.Value);
                previous = l;
            }

            cells.Add(sb.ToString().Trim());
            rows.Add([.. cells]);
        }

        return rows;
    }
}
