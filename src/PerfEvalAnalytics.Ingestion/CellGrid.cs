namespace PerfEvalAnalytics.Ingestion;

/// <summary>One row of a spreadsheet-like grid with the source line it started on.</summary>
/// <param name="Line">1-based line (or sheet row) where the row starts.</param>
/// <param name="Cells">The cells, trimmed; merged cells arrive blank except their first cell.</param>
public sealed record GridRow(int Line, IReadOnlyList<string> Cells)
{
    /// <summary>The label keys, once asked for; not part of the row's value (equality, copies).</summary>
    private string[]? _keys;

    /// <summary>Copies the row's value, not its computed keys (a copy with other cells must compute its own).</summary>
    private GridRow(GridRow original)
    {
        Line = original.Line;
        Cells = original.Cells;
    }

    /// <summary>The cells as labels are compared (<see cref="Labels.Key"/>), computed once: the recogniser asks of
    /// most rows whether they are a header, a title or a total.</summary>
    public IReadOnlyList<string> Keys => _keys ??= [.. Cells.Select(Labels.Key)];

    /// <summary>The label key of the cell at <paramref name="column"/>, or empty when the row is shorter.</summary>
    public string KeyAt(int column) => column >= 0 && column < Cells.Count ? Keys[column] : string.Empty;

    /// <summary>The cell at <paramref name="column"/>, or empty when the row is shorter.</summary>
    public string this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : string.Empty;

    /// <summary>True when every cell is blank.</summary>
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);

    /// <summary>Line and cells, as a record compares them (the computed keys left out).</summary>
    public bool Equals(GridRow? other) =>
        other is not null && Line == other.Line
        && EqualityComparer<IReadOnlyList<string>>.Default.Equals(Cells, other.Cells);

    public override int GetHashCode() =>
        HashCode.Combine(Line, EqualityComparer<IReadOnlyList<string>>.Default.GetHashCode(Cells));
}

/// <summary>
/// A form as rows × columns, whatever file it came from. The recogniser reads only grids, so a new input
/// format needs only a new reader.
/// </summary>
/// <param name="Rows">Rows in source order.</param>
/// <param name="LastLine">The last line of the source (for "the file ends at line N" messages).</param>
public sealed record CellGrid(IReadOnlyList<GridRow> Rows, int LastLine);
