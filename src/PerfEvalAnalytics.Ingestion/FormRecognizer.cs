using System.Globalization;
using System.Text.RegularExpressions;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// Turns a <see cref="CellGrid"/> into an <see cref="EvaluationForm"/>. Every block is found by its labels, never by
/// line numbers; merged cells (blank below their first row) are carried down; a level-1 label that sits mid-block is
/// resolved by the standard framework and the inference is recorded in the form's notes.
/// </summary>
public static partial class FormRecognizer
{
    public static EvaluationForm Recognize(CellGrid grid, SourceInfo source)
    {
        // Messages name the sheet or table too: book.xlsx[Sheet2]:14: …
        var file = source.Part is null ? source.FileName : $"{source.FileName}[{source.Part}]";
        var rows = grid.Rows;
        var headerIndex = FindIndex(rows, 0, rows.Count, r => IsIndicatorHeader(r));
        var titleIndex = FindIndex(rows, 0, headerIndex < 0 ? rows.Count : headerIndex, IsTitle);

        if (headerIndex < 0 && NearestHeader(rows) is { } near)
        {
            // A row that reads like an indicator header in a layout whose labels are not (all) known: say which
            // labels were found, which are missing and which were not understood, rather than guess columns.
            throw new FormParseException(file, near.Row.Line, UnknownLayoutMessage(near));
        }

        if (headerIndex < 0 && titleIndex < 0)
        {
            throw new FormParseException(file, null,
                "not a self-evaluation form: found neither a title containing 绩效自评表 nor an indicator header row "
                + "(一级指标, 三级指标, 年度指标值, 全年完成值, 分值, 得分)");
        }

        if (headerIndex < 0)
        {
            throw new FormParseException(file, rows[titleIndex].Line,
                "indicator header row missing: expected a row labelled 一级指标, 二级指标, 三级指标, 年度指标值, "
                + "全年完成值, 分值, 得分 below the title");
        }

        if (titleIndex < 0)
        {
            throw new FormParseException(file, rows[headerIndex].Line,
                "no form title above the indicator header: expected a cell containing 绩效自评表 "
                + "(部门整体支出绩效自评表 or 项目支出绩效自评表)");
        }

        var (header, firstHeaderIndex) = MergeHeaderRows(rows, headerIndex);
        if (header.Line != rows[headerIndex].Line)
        {
            // The second header row (指标性质 | 指标值 | 度量单位 under 年度指标值) holds the column labels the rows use.
            headerIndex++;
        }

        var columns = MapIndicatorColumns(header);
        var missing = HeaderSynonyms.Required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            var unknown = UnknownLabels(header);
            throw new FormParseException(file, header.Line,
                "indicator header row lacks " + string.Join(", ", missing.Select(HeaderSynonyms.DisplayLabel))
                + " (expected columns: " + string.Join(", ", HeaderSynonyms.Required.Select(HeaderSynonyms.DisplayLabel))
                + (unknown.Count == 0 ? string.Empty : "; labels not recognised: " + string.Join(", ", unknown))
                + ")");
        }

        var title = rows[titleIndex].Cells.First(c => Labels.Key(c).Contains("自评表", StringComparison.Ordinal));
        var kind = KindOf(title, file, rows[titleIndex].Line);
        var preamble = rows.Take(firstHeaderIndex).ToList();
        var year = FindYear(preamble, file);
        var unitAsFiled = FindLabelledValue(preamble, HeaderSynonyms.UnitName)
            ?? throw new FormParseException(file, rows[titleIndex].Line,
                "no unit name: expected a cell labelled 单位名称 (or 实施单位 / 部门) above the indicator header");
        // A space between two Chinese characters is a line break in the original cell, not part of the name.
        var unit = Labels.JoinBreaks(unitAsFiled);
        var projectAsFiled = kind == FormKind.Project ? FindLabelledValue(preamble, HeaderSynonyms.ProjectName) : null;
        var project = projectAsFiled is null ? null : Labels.JoinBreaks(projectAsFiled);
        var (amountUnit, budget) = ReadBudget(preamble, file);
        var goals = ReadGoals(preamble);
        var table = ReadIndicators(grid, headerIndex, columns, file);

        return new EvaluationForm(kind, unit, year, project, amountUnit, budget, goals, table.Rows, table.TotalPoints,
            table.TotalScore, table.TotalLine, table.Notes, source)
        {
            Grade = table.Grade,
            IsIncomplete = table.IncompleteReason is not null,
            IncompleteReason = table.IncompleteReason,
        };
    }

    /// <summary>
    /// Some layouts spread the header over two rows (Yunnan: 年度指标值 above 指标性质 | 指标值 | 度量单位, and 分值,
    /// 得分 only in the upper row). The two rows are read as one: per column, the lower row's label where it has one,
    /// else the upper row's. Returns the merged row (with the line of the row that holds 一级指标) and the index of
    /// the first header row.
    /// </summary>
    private static (GridRow Header, int FirstIndex) MergeHeaderRows(IReadOnlyList<GridRow> rows, int headerIndex)
    {
        var header = rows[headerIndex];
        if (headerIndex + 1 < rows.Count && IsHeaderContinuation(rows[headerIndex + 1]))
        {
            return (Merge(header, rows[headerIndex + 1], rows[headerIndex + 1].Line), headerIndex);
        }

        if (headerIndex > 0 && IsHeaderContinuation(rows[headerIndex - 1]))
        {
            return (Merge(rows[headerIndex - 1], header, header.Line), headerIndex - 1);
        }

        return (header, headerIndex);

        static GridRow Merge(GridRow upper, GridRow lower, int line)
        {
            var n = Math.Max(upper.Cells.Count, lower.Cells.Count);
            var cells = new string[n];
            for (var i = 0; i < n; i++)
            {
                cells[i] = lower[i].Length > 0 ? lower[i] : upper[i];
            }

            return new GridRow(line, cells);
        }
    }

    /// <summary>A row made only of header labels (at least two known ones, no numbers).</summary>
    private static bool IsHeaderContinuation(GridRow row)
    {
        var known = 0;
        foreach (var key in row.Keys)
        {
            if (key.Length == 0)
            {
                continue;
            }

            if (HeaderSynonyms.Indicator.Values.Any(v => v.Contains(key)))
            {
                known++;
            }
            else if (key.Any(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return known >= 2;
    }

    /// <summary>
    /// True when the grid has a title containing 自评表 or something like an indicator header: a sheet or table
    /// that holds a form (the others in a workbook or page are skipped).
    /// </summary>
    public static bool LooksLikeForm(CellGrid grid) =>
        grid.Rows.Any(r => IsTitle(r) || IsIndicatorHeader(r)) || NearestHeader(grid.Rows) is not null;

    private static int FindIndex(IReadOnlyList<GridRow> rows, int from, int to, Func<GridRow, bool> predicate)
    {
        for (var i = from; i < to; i++)
        {
            if (predicate(rows[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A row that has some indicator-header labels but not enough to be read as the header.</summary>
    private sealed record HeaderCandidate(GridRow Row, IReadOnlyList<IndicatorColumn> Found);

    /// <summary>Columns whose label a header must hold (one of the two for 三级指标 / 二级指标).</summary>
    private static readonly IndicatorColumn[] HeaderMust =
        [IndicatorColumn.Level1, IndicatorColumn.Name, IndicatorColumn.Target];

    // Fewer known labels than this is a budget or goal header (分值, 得分 / 实际完成情况), not a table header.
    private const int MinCandidateLabels = 3;

    private static HeaderCandidate? NearestHeader(IReadOnlyList<GridRow> rows)
    {
        HeaderCandidate? best = null;
        foreach (var row in rows)
        {
            var keys = row.Keys.ToHashSet();
            var found = HeaderSynonyms.Indicator.Where(kv => kv.Value.Any(keys.Contains)).Select(kv => kv.Key).ToList();
            if (found.Count >= MinCandidateLabels && (best is null || found.Count > best.Found.Count))
            {
                best = new HeaderCandidate(row, found);
            }
        }

        return best;
    }

    private static string UnknownLayoutMessage(HeaderCandidate near)
    {
        var lacking = HeaderMust
            .Where(c => !near.Found.Contains(c)
                && !(c == IndicatorColumn.Name && near.Found.Contains(IndicatorColumn.Level2)))
            .Select(c => $"{HeaderSynonyms.DisplayLabel(c)} (one of {string.Join("/", HeaderSynonyms.Indicator[c])})");
        var unknown = UnknownLabels(near.Row);
        return "unknown layout: this row looks like the indicator header (it has "
            + string.Join(", ", near.Found.Select(HeaderSynonyms.DisplayLabel)) + ") but lacks "
            + string.Join(", ", lacking)
            + (unknown.Count == 0 ? string.Empty : "; labels not recognised: " + string.Join(", ", unknown))
            + "; expected a header row with 一级指标, 三级指标, 年度指标值, 全年完成值, 分值, 得分";
    }

    /// <summary>Non-blank header cells that match no known column label.</summary>
    private static List<string> UnknownLabels(GridRow row) =>
        row.Cells.Where(c => c.Length > 0)
            .Where(c => !HeaderSynonyms.Indicator.Values.Any(v => v.Contains(Labels.Key(c))))
            .Select(c => c.Trim())
            .ToList();

    private static bool IsTitle(GridRow row) =>
        row.Keys.Any(k => k.Contains("自评表", StringComparison.Ordinal));

    private static bool IsIndicatorHeader(GridRow row)
    {
        var keys = row.Keys;
        bool Has(IndicatorColumn c) => HeaderSynonyms.Indicator[c].Any(keys.Contains);
        return Has(IndicatorColumn.Level1) && (Has(IndicatorColumn.Name) || Has(IndicatorColumn.Level2))
            && Has(IndicatorColumn.Target);
    }

    private static Dictionary<IndicatorColumn, int> MapIndicatorColumns(GridRow header)
    {
        var map = new Dictionary<IndicatorColumn, int>();
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var key = header.Keys[i];
            foreach (var (column, synonyms) in HeaderSynonyms.Indicator)
            {
                if (!map.ContainsKey(column) && synonyms.Contains(key))
                {
                    map[column] = i;
                }
            }
        }

        return map;
    }

    private static FormKind KindOf(string title, string file, int line)
    {
        var key = Labels.Key(title);
        if (key.Contains("整体", StringComparison.Ordinal))
        {
            return FormKind.DepartmentOverall;
        }

        if (key.Contains("项目", StringComparison.Ordinal))
        {
            return FormKind.Project;
        }

        throw new FormParseException(file, line,
            $"cannot tell the form kind from the title '{title}': expected 部门（单位）整体支出绩效自评表 or 项目支出绩效自评表");
    }

    private static int FindYear(IEnumerable<GridRow> preamble, string file)
    {
        foreach (var row in preamble)
        {
            foreach (var key in row.Keys)
            {
                var m = YearInTitle().Match(key);
                if (m.Success)
                {
                    return int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
                }
            }
        }

        var fromName = YearInFileName().Match(file);
        if (fromName.Success)
        {
            return int.Parse(fromName.Value, CultureInfo.InvariantCulture);
        }

        throw new FormParseException(file, null,
            "no year: expected （2024年度） or similar above the indicator header, or a year in the file name");
    }

    private static string? FindLabelledValue(IReadOnlyList<GridRow> preamble, IReadOnlyList<string> labels)
    {
        foreach (var label in labels)
        {
            foreach (var row in preamble)
            {
                for (var i = 0; i < row.Cells.Count; i++)
                {
                    var key = row.Keys[i];
                    if (key == label)
                    {
                        var value = row.Cells.Skip(i + 1).FirstOrDefault(c => c.Length > 0);
                        if (!string.IsNullOrWhiteSpace(value))
                        {
                            return value.Trim();
                        }
                    }
                    else if (key.StartsWith(label + ":", StringComparison.Ordinal) && key.Length > label.Length + 1)
                    {
                        // "部门:临沧市永德县明朗中学" in one cell; the value part keeps its own spelling.
                        var raw = row.Cells[i];
                        var colon = raw.IndexOfAny([':', '：']);
                        return raw[(colon + 1)..].Trim();
                    }
                }
            }
        }

        return null;
    }

    private static (string? AmountUnit, IReadOnlyList<BudgetLine> Lines) ReadBudget(
        List<GridRow> preamble, string file)
    {
        var headerIndex = -1;
        Dictionary<BudgetColumn, int> columns = [];
        for (var i = 0; i < preamble.Count && headerIndex < 0; i++)
        {
            columns = MapBudgetColumns(preamble[i]);
            if (columns.ContainsKey(BudgetColumn.AnnualBudget) && columns.ContainsKey(BudgetColumn.Executed))
            {
                headerIndex = i;
            }
        }

        if (headerIndex < 0)
        {
            return (null, []);
        }

        var header = preamble[headerIndex];
        string? amountUnit = null;
        foreach (var key in header.Keys)
        {
            var m = AmountUnitLabel().Match(key);
            if (m.Success)
            {
                amountUnit = m.Groups["u"].Value;
                break;
            }
        }

        var firstValueColumn = columns.Values.Min();
        var lines = new List<BudgetLine>();
        string? group = null;
        string? lastTopLevel = null;
        // The block's own label (整体支出规模 / 项目资金) is a merged cell down column 0: the block ends at the next
        // row that writes something there.
        for (var i = headerIndex + 1; i < preamble.Count; i++)
        {
            var row = preamble[i];
            if (row.IsBlank)
            {
                continue;
            }

            if (row[0].Length > 0)
            {
                break;
            }

            var rawLabel = Enumerable.Range(0, firstValueColumn).Select(c => row[c]).LastOrDefault(c => c.Length > 0)
                ?? string.Empty;
            var (newGroup, category, numbered) = SplitBudgetLabel(rawLabel);
            if (newGroup is not null)
            {
                group = newGroup == "其中" ? lastTopLevel : newGroup;
            }
            else if (!numbered && group is null)
            {
                lastTopLevel = category;
            }

            decimal? Amount(BudgetColumn column) => columns.TryGetValue(column, out var c)
                ? ParseNumber(row, c, HeaderSynonyms.Budget[column][0], file, "an amount such as 56,506,067.93")
                : null;

            lines.Add(new BudgetLine(
                group,
                category,
                rawLabel,
                Amount(BudgetColumn.InitialBudget),
                Amount(BudgetColumn.AnnualBudget),
                Amount(BudgetColumn.Executed),
                Amount(BudgetColumn.Rate),
                Amount(BudgetColumn.Points),
                Amount(BudgetColumn.Score),
                row.Line));
        }

        return (amountUnit, lines);
    }

    private static Dictionary<BudgetColumn, int> MapBudgetColumns(GridRow row)
    {
        var map = new Dictionary<BudgetColumn, int>();
        for (var i = 0; i < row.Cells.Count; i++)
        {
            var key = row.Keys[i];
            foreach (var (column, synonyms) in HeaderSynonyms.Budget)
            {
                var match = column == BudgetColumn.Rate
                    ? synonyms.Any(s => key.StartsWith(s, StringComparison.Ordinal))
                    : synonyms.Contains(key);
                if (!map.ContainsKey(column) && match)
                {
                    map[column] = i;
                }
            }
        }

        return map;
    }

    /// <summary>"资金来源：（1）财政拨款" → (资金来源, 财政拨款, numbered); "其中:当年财政拨款" → (其中, 当年财政拨款).</summary>
    private static (string? Group, string Category, bool Numbered) SplitBudgetLabel(string rawLabel)
    {
        var key = Labels.Key(rawLabel);
        string? group = null;
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            group = key[..colon];
            key = key[(colon + 1)..];
        }

        var numbering = BudgetNumbering().Match(key);
        if (numbering.Success)
        {
            key = key[numbering.Length..];
        }

        return (group, key, numbering.Success);
    }

    private static FormGoals? ReadGoals(List<GridRow> preamble)
    {
        for (var i = 0; i < preamble.Count; i++)
        {
            var row = preamble[i];
            var labelAt = row.Keys.ToList().FindIndex(HeaderSynonyms.GoalBlock.Contains);
            if (labelAt < 0)
            {
                continue;
            }

            var plannedAt = FindCell(row, HeaderSynonyms.GoalPlanned);
            var achievedAt = FindCell(row, HeaderSynonyms.GoalAchieved);
            var text = preamble.Skip(i + 1).FirstOrDefault(r => !r.IsBlank);
            if (text is null || (text[0].Length > 0 && !HeaderSynonyms.GoalBlock.Contains(Labels.Key(text[0]))))
            {
                return new FormGoals(null, null, row.Line);
            }

            var start = plannedAt >= 0 ? plannedAt : labelAt + 1;
            var end = achievedAt >= 0 ? achievedAt : int.MaxValue;
            var planned = FirstText(text, start, end);
            var achieved = achievedAt >= 0 ? FirstText(text, achievedAt, int.MaxValue) : null;
            return new FormGoals(planned, achieved, text.Line);
        }

        return null;
    }

    private static int FindCell(GridRow row, IReadOnlyList<string> labels)
    {
        for (var i = 0; i < row.Cells.Count; i++)
        {
            if (labels.Contains(row.Keys[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? FirstText(GridRow row, int from, int to)
    {
        for (var i = from; i < Math.Min(to, row.Cells.Count); i++)
        {
            if (row.Cells[i].Length > 0)
            {
                return row.Cells[i];
            }
        }

        return null;
    }

    private sealed record PendingRow(
        string? Level1, Level1Basis Basis, string? Level2, string? Name, string? NameAsFiled, ParsedValue Target,
        ParsedValue Actual, decimal? Points, decimal? Score, string? Explanation, int Line);

    private sealed record IndicatorTable(
        IReadOnlyList<IndicatorRow> Rows, decimal? TotalPoints, decimal? TotalScore, int TotalLine,
        IReadOnlyList<FormNote> Notes, string? Grade = null, string? IncompleteReason = null);

    private static IndicatorTable ReadIndicators(
        CellGrid grid, int headerIndex, Dictionary<IndicatorColumn, int> columns, string file)
    {
        var rows = grid.Rows;
        var headerLine = rows[headerIndex].Line;
        int Col(IndicatorColumn c) => columns.TryGetValue(c, out var i) ? i : -1;
        string Cell(GridRow r, IndicatorColumn c) => Col(c) < 0 ? string.Empty : r[Col(c)];

        var notes = new List<FormNote>();
        var pending = new List<PendingRow>();
        var weights = new Dictionary<string, decimal?>();
        var labelLines = new Dictionary<string, int>();
        string? level1 = null;
        string? level2 = null;
        var valuesStart = new[] { Col(IndicatorColumn.Target), Col(IndicatorColumn.TargetOperator),
            Col(IndicatorColumn.Points) }.Where(c => c >= 0).Min();

        for (var i = headerIndex + 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsBlank)
            {
                continue;
            }

            var firstCell = row.Cells.FirstOrDefault(c => c.Length > 0) ?? string.Empty;
            if (firstCell.StartsWith(HeaderSynonyms.TruncatedMarker, StringComparison.OrdinalIgnoreCase))
            {
                var said = firstCell[HeaderSynonyms.TruncatedMarker.Length..].Trim(' ', ':', '：', '\t');
                var reason = $"the copy stops at line {row.Line} ({HeaderSynonyms.TruncatedMarker}"
                    + (said.Length > 0 ? ": " + said : string.Empty) + ") inside the indicator table (header at line "
                    + $"{headerLine}), after {pending.Count} indicator rows"
                    + (level1 is null ? string.Empty : $", last block {level1}{(level2 is null ? "" : "/" + level2)}")
                    + "; no 总分 row: totals and weight sums cannot be checked";
                return new IndicatorTable(Resolve(pending, weights, labelLines, notes, file), null, null, 0, notes,
                    null, reason);
            }

            if (IsIndicatorHeader(row))
            {
                throw new FormParseException(file, row.Line,
                    $"duplicate indicator header row (the table's header is already at line {headerLine}); "
                    + "expected indicator rows up to the 总分 row");
            }

            if (Enumerable.Range(0, valuesStart).Any(c => HeaderSynonyms.Total.Contains(row.KeyAt(c))))
            {
                var totalPoints = ParseNumber(row, Col(IndicatorColumn.Points), "分值", file, "a decimal such as 100.00");
                var totalScore = ParseNumber(row, Col(IndicatorColumn.Score), "得分", file, "a decimal such as 99.99");
                return new IndicatorTable(Resolve(pending, weights, labelLines, notes, file), totalPoints, totalScore,
                    row.Line, notes, GradeOf(row));
            }

            var first = row.Cells.FirstOrDefault(c => c.Length > 0) ?? string.Empty;
            if (HeaderSynonyms.Remark.Contains(Labels.Key(first)))
            {
                var text = string.Join(" ", row.Cells.Where(c => c.Length > 0).Skip(1));
                notes.Add(new FormNote(NoteKind.Remark, $"{first}: {text}", row.Line));
                continue;
            }

            var l1Cell = Cell(row, IndicatorColumn.Level1);
            if (l1Cell.Length > 0)
            {
                var (name, embedded) = IndicatorFramework.SplitLevel1(l1Cell);
                var weight = Col(IndicatorColumn.Weight) >= 0
                    ? ParseNumber(row, Col(IndicatorColumn.Weight), "权重", file, "a number such as 30") ?? embedded
                    : embedded;
                level1 = name;
                weights[name] = weight ?? weights.GetValueOrDefault(name);
                labelLines.TryAdd(name, row.Line);
            }

            var l2Cell = Cell(row, IndicatorColumn.Level2);
            if (l2Cell.Length > 0)
            {
                level2 = Labels.Key(l2Cell);
            }

            var nameCell = Cell(row, IndicatorColumn.Name);
            var targetCell = TargetText(Cell(row, IndicatorColumn.TargetOperator), Cell(row, IndicatorColumn.Target),
                Cell(row, IndicatorColumn.TargetUnit));
            var actualCell = Cell(row, IndicatorColumn.Actual);
            var pointsCell = Cell(row, IndicatorColumn.Points);
            var scoreCell = Cell(row, IndicatorColumn.Score);
            if (nameCell.Length + targetCell.Length + actualCell.Length + pointsCell.Length + scoreCell.Length == 0)
            {
                continue;
            }

            string? indicatorName = nameCell.Length > 0 ? IndicatorName(nameCell) : null;
            var nameAsFiled = indicatorName is not null && indicatorName != nameCell ? nameCell : null;
            if (indicatorName is not null && targetCell.Length == 0 && actualCell.Length == 0
                && IsMergedRemark(indicatorName))
            {
                // e.g. 根据沪财绩【2022】13号文的规定要求设置三级指标和指标值, merged across the 投入管理 block.
                notes.Add(new FormNote(NoteKind.Remark, nameCell, row.Line));
                indicatorName = null;
                nameAsFiled = null;
            }

            var basis = l1Cell.Length > 0 ? Level1Basis.Label : Level1Basis.CarriedDown;
            var explanation = Cell(row, IndicatorColumn.Explanation);
            pending.Add(new PendingRow(
                level1, basis, level2, indicatorName, nameAsFiled,
                ValueParser.Parse(targetCell), ValueParser.Parse(actualCell),
                ParseNumber(row, Col(IndicatorColumn.Points), "分值", file, "a decimal such as 0.50"),
                ParseNumber(row, Col(IndicatorColumn.Score), "得分", file, "a decimal such as 0.50"),
                explanation.Length > 0 ? explanation : null,
                row.Line));
        }

        throw new FormParseException(file, grid.LastLine,
            $"truncated table: the indicator table (header at line {headerLine}) has no 总分 row; "
            + $"the file ends at line {grid.LastLine} (if the copy you have stops there, end the file with a "
            + $"{HeaderSynonyms.TruncatedMarker} line to read it as an incomplete form)");
    }

    /// <summary>
    /// The target as one text: the 年度指标值 cell, or, where the layout splits it (指标性质 | 指标值 | 度量单位),
    /// the three cells joined as the form reads them (≧ 735 人次 → ≧735人次).
    /// </summary>
    private static string TargetText(string op, string value, string unit) =>
        op.Length == 0 && unit.Length == 0 ? value : op.Trim() + value.Trim() + unit.Trim();

    /// <summary>三级指标 without a numbering prefix (指标1:开展… → 开展…) and without line-break spaces.</summary>
    private static string IndicatorName(string cell)
    {
        var joined = Labels.JoinBreaks(cell);
        var m = IndicatorNumbering().Match(joined);
        return m.Success && m.Length < joined.Length ? joined[m.Length..].Trim() : joined;
    }

    /// <summary>自评等级 in the 总分 row: a cell holding a grade word, or the cell after a 自评等级 label.</summary>
    private static string? GradeOf(GridRow row)
    {
        for (var i = 0; i < row.Cells.Count; i++)
        {
            var key = row.Keys[i];
            if (HeaderSynonyms.Grades.Contains(key))
            {
                return key;
            }

            if (HeaderSynonyms.GradeLabel.Contains(key.TrimEnd(':')))
            {
                var next = row.Keys.Skip(i + 1).FirstOrDefault(c => c.Length > 0);
                if (next is not null && HeaderSynonyms.Grades.Contains(next))
                {
                    return next;
                }
            }
        }

        return null;
    }

    private static List<IndicatorRow> Resolve(
        List<PendingRow> pending, Dictionary<string, decimal?> weights, Dictionary<string, int> labelLines,
        List<FormNote> notes, string file)
    {
        var result = new List<IndicatorRow>(pending.Count);
        var inferences = new List<(int From, int To, string Level2, string Level1, string? Carried)>();
        foreach (var p in pending)
        {
            var level1 = p.Level1;
            var basis = p.Basis;
            var framework = IndicatorFramework.Level1Of(p.Level2);
            if (basis != Level1Basis.Label && framework is not null && framework != level1
                && (level1 is null || labelLines.ContainsKey(framework)))
            {
                var last = inferences.Count > 0 ? inferences[^1] : default;
                if (inferences.Count > 0 && last.Level2 == p.Level2 && last.Level1 == framework
                    && last.Carried == level1)
                {
                    inferences[^1] = last with { To = p.Line };
                }
                else
                {
                    inferences.Add((p.Line, p.Line, p.Level2!, framework, level1));
                }

                level1 = framework;
                basis = Level1Basis.Framework;
            }

            if (level1 is null)
            {
                throw new FormParseException(file, p.Line,
                    $"indicator row has no 一级指标: no level-1 label above it, and 二级指标 '{p.Level2}' is not in "
                    + "the standard framework (数量/质量/时效/成本指标, 经济/社会/生态效益指标 …)");
            }

            result.Add(new IndicatorRow(level1, weights.GetValueOrDefault(level1), basis, p.Level2, p.Name, p.Target,
                p.Actual, p.Points, p.Score, p.Explanation, p.Line) { NameAsFiled = p.NameAsFiled });
        }

        foreach (var (from, to, level2, level1, carried) in inferences)
        {
            var where = labelLines.TryGetValue(level1, out var at) ? $" (its label is at line {at})" : string.Empty;
            var was = carried is null ? "no level-1 label above" : $"the label carried down from above was {carried}";
            notes.Add(new FormNote(NoteKind.Inference,
                $"lines {from}-{to}: 二级指标 {level2} belongs to {level1} under the standard framework{where}; {was}",
                from));
        }

        notes.Sort((a, b) => a.Line.CompareTo(b.Line));
        return result;
    }

    private static bool IsMergedRemark(string text) =>
        DocumentNumber().IsMatch(text) || text.StartsWith("根据", StringComparison.Ordinal);

    private static decimal? ParseNumber(GridRow row, int column, string label, string file, string expected)
    {
        if (column < 0)
        {
            return null;
        }

        var cell = row[column];
        if (NumberParser.TryParse(cell, out var value))
        {
            return value;
        }

        throw new FormParseException(file, row.Line, $"{label} '{cell}' is not a number (expected {expected})");
    }

    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})年度")]
    private static partial Regex YearInTitle();

    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}(?!\d)")]
    private static partial Regex YearInFileName();

    [GeneratedRegex(@"\((?<u>万元|元)\)")]
    private static partial Regex AmountUnitLabel();

    [GeneratedRegex(@"^\(\d+\)")]
    private static partial Regex BudgetNumbering();

    // 指标1:, 指标 2：, 指标1、 (NFKC folds the full-width colon)
    [GeneratedRegex(@"^指标\s*\d+\s*[:：、.]\s*")]
    private static partial Regex IndicatorNumbering();

    // 沪财绩【2022】13号, 财预〔2020〕10号, [2022]13号
    [GeneratedRegex(@"[【〔\[(]\s*\d{4}\s*[】〕\])]\s*\d+\s*号")]
    private static partial Regex DocumentNumber();
}
