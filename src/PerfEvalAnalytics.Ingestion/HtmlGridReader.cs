using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// Reads the &lt;table&gt;s of a saved web page into grids, one per table. rowspan/colspan are resolved the way a
/// spreadsheet shows merged cells: the text sits in the first row and column of the span, the rest is blank.
/// Only innermost tables are read (pages often wrap the content in a layout table). Rows are numbered from 1 within
/// each table.
/// </summary>
public static class HtmlGridReader
{
    // A rowspan/colspan beyond this is a broken page, not a form (browsers clamp rowspan at 65534 too).
    private const int MaxSpan = 1000;

    public static IReadOnlyList<(string Part, CellGrid Grid)> Read(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var tables = document.QuerySelectorAll("table").OfType<IHtmlTableElement>()
            .Where(t => t.QuerySelector("table") is null)
            .ToList();
        var result = new List<(string, CellGrid)>(tables.Count);
        for (var i = 0; i < tables.Count; i++)
        {
            result.Add(($"table {i + 1}", ReadTable(tables[i])));
        }

        return result;
    }

    private static CellGrid ReadTable(IHtmlTableElement table)
    {
        var grid = new List<List<string?>>();
        var rowIndex = 0;
        foreach (var row in table.Rows)
        {
            while (grid.Count <= rowIndex)
            {
                grid.Add([]);
            }

            var column = 0;
            foreach (var cell in row.Cells)
            {
                var cells = grid[rowIndex];
                while (column < cells.Count && cells[column] is not null)
                {
                    column++;
                }

                var rowSpan = Math.Clamp(cell.RowSpan, 1, MaxSpan);
                var colSpan = Math.Clamp(cell.ColumnSpan, 1, MaxSpan);
                var text = CellText(cell);
                for (var r = 0; r < rowSpan; r++)
                {
                    while (grid.Count <= rowIndex + r)
                    {
                        grid.Add([]);
                    }

                    var target = grid[rowIndex + r];
                    for (var c = 0; c < colSpan; c++)
                    {
                        while (target.Count <= column + c)
                        {
                            target.Add(null);
                        }

                        target[column + c] = r == 0 && c == 0 ? text : string.Empty;
                    }
                }

                column += colSpan;
            }

            rowIndex++;
        }

        var rows = grid.Select((cells, i) => new GridRow(i + 1, cells.Select(c => c ?? string.Empty).ToArray()))
            .ToList();
        return new CellGrid(rows, Math.Max(rows.Count, 1));
    }

    /// <summary>The cell's text: white space collapsed as a browser does, &lt;br&gt; and blocks as line breaks.</summary>
    private static string CellText(INode cell)
    {
        var sb = new StringBuilder();
        Append(cell, sb);
        var lines = sb.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static void Append(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    foreach (var ch in text.Data)
                    {
                        var c = ch is '\u00A0' ? ' ' : ch;
                        if (char.IsWhiteSpace(c))
                        {
                            if (sb.Length > 0 && sb[^1] is not ' ' and not '\n')
                            {
                                sb.Append(' ');
                            }
                        }
                        else
                        {
                            sb.Append(c);
                        }
                    }

                    break;
                case IElement { LocalName: "br" }:
                    sb.Append('\n');
                    break;
                case IElement { LocalName: "p" or "div" or "li" or "tr" } block:
                    sb.Append('\n');
                    Append(block, sb);
                    sb.Append('\n');
                    break;
                case IElement { LocalName: "script" or "style" }:
                    break;
                case IElement element:
                    Append(element, sb);
                    break;
                default:
                    break;
            }
        }
    }
}
