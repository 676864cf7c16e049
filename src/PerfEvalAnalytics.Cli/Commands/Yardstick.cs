using System.Diagnostics;
using System.Globalization;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary>One plain table of the yardstick: its columns and the rows a parsed form gives it, with the values the
/// store writes for them (amounts as text, as the store keeps decimals; enums as numbers).</summary>
/// <param name="Name">The table's name (prefixed by the target).</param>
/// <param name="Columns">Column names.</param>
/// <param name="Integers">The columns that hold integers; the rest hold text.</param>
/// <param name="Rows">The rows of one form (the form's number in the corpus, the form).</param>
internal sealed record YardstickTable(string Name, string[] Columns, string[] Integers,
    Func<int, EvaluationForm, IEnumerable<object?[]>> Rows)
{
    public bool IsInteger(string column) => Integers.Contains(column);
}

/// <summary>What the yardstick wrote and how long it took.</summary>
/// <param name="Rows">Rows per table, in <see cref="Yardstick.Tables"/> order.</param>
/// <param name="Time">Every table's writes and the commit.</param>
/// <param name="IndicatorRowsWall">The indicator rows' share: the time spent writing them (without the commit, between
/// the other tables' writes). Before 2026-12-01 the yardstick was those rows alone, in a transaction of their own,
/// commit included, so this share is close to that yardstick but not the same.</param>
internal sealed record YardstickResult(long[] Rows, BenchTimer Time, TimeSpan IndicatorRowsWall)
{
    public long TotalRows => Rows.Sum();

    public long IndicatorRows => Rows[Yardstick.IndicatorRowsTable];

    /// <summary>E.g. "100000 forms, 400000 budget lines, 1497925 indicator rows, 0 notes".</summary>
    public string Breakdown => string.Join(", ",
        Yardstick.Tables.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{Rows[i]} {t.Name.Replace('_', ' ')}")));
}

/// <summary>
/// The yardstick of <c>perfeval bench</c>: the same rows the store writes for each form (its form row, budget lines,
/// indicator rows and notes; not the units, which the store derives), with the same values, written by the engine's
/// plainest fast path into plain tables of the same columns (plain types: integers and text), in one transaction.
/// Forms are parsed with the timer stopped, a chunk at a time; only the writes and the commit are timed.
/// </summary>
internal static class Yardstick
{
    /// <summary>
    /// Forms parsed ahead of each chunk of writes on SQLite (each table's rows of a chunk go in one after another).
    /// Few, so that a form's texts are still in the processor's cache when they are written, as when each form was
    /// written right after it was parsed: with 2,000 the indicator rows of 20,000 forms took 2.67 s, with 50 2.20 s.
    /// </summary>
    public const int SqliteChunkForms = 100;

    /// <summary>The same on PostgreSQL, where each table's rows of a chunk are one COPY: large chunks, few COPYs.</summary>
    public const int CopyChunkForms = 2000;

    /// <summary>The position of the indicator rows in <see cref="Tables"/>.</summary>
    public const int IndicatorRowsTable = 2;

    /// <summary>When the yardstick's forms were ingested: one value, formatted once, as a plain client would.</summary>
    private static readonly string IngestedAt = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    public static IReadOnlyList<YardstickTable> Tables { get; } =
    [
        new("forms",
            ["unit", "year", "kind", "project", "unit_name_as_filed", "canonical_unit_name", "amount_unit", "goal_planned",
             "goal_achieved", "goal_line", "total_points", "total_score", "total_line", "grade", "is_incomplete",
             "incomplete_reason", "indicator_count", "file_name", "file_sha256", "content_sha256", "encoding",
             "source_part", "ingested_at"],
            ["unit", "year", "kind", "goal_line", "total_line", "is_incomplete", "indicator_count"],
            (n, f) =>
            [[
                n, f.Year, (int)f.Kind, f.ProjectName ?? string.Empty, f.UnitNameAsFiled ?? f.UnitName,
                f.UnitNameAsFiled is null ? null : f.UnitName, f.AmountUnit, f.Goals?.Planned, f.Goals?.Achieved,
                f.Goals?.Line, Text(f.TotalPoints), Text(f.TotalScore), f.TotalLine, f.Grade, f.IsIncomplete ? 1 : 0,
                f.IncompleteReason, f.Indicators.Count, f.Source.FileName, f.Source.Sha256, FormFingerprint.Of(f),
                f.Source.Encoding, f.Source.Part, IngestedAt,
            ]]),
        new("budget_lines",
            ["form", "ordinal", "group_label", "category", "raw_label", "initial_budget", "annual_budget", "executed",
             "reported_rate", "points", "score", "line"],
            ["form", "ordinal", "line"],
            (n, f) => f.BudgetLines.Select((b, i) => new object?[]
            {
                n, i, b.Group, b.Category, b.RawLabel, Text(b.InitialBudget), Text(b.AnnualBudget), Text(b.Executed),
                Text(b.ReportedRate), Text(b.Points), Text(b.Score), b.Line,
            })),
        new("indicator_rows",
            ["form", "ordinal", "level1", "level1_weight", "level1_basis", "level2", "name", "name_as_filed", "target_raw",
             "target_op", "target_value", "target_unit", "target_kind", "actual_raw", "actual_op", "actual_value",
             "actual_unit", "actual_kind", "points", "score", "explanation", "line"],
            ["form", "ordinal", "level1_basis", "target_op", "target_kind", "actual_op", "actual_kind", "line"],
            (n, f) => f.Indicators.Select((r, i) => new object?[]
            {
                n, i, r.Level1, Text(r.Level1Weight), (int)r.Level1Basis, r.Level2, r.Name, r.NameAsFiled, r.Target.Raw,
                (int)r.Target.Op, Text(r.Target.Value), r.Target.Unit, (int)r.Target.Kind, r.Actual.Raw,
                (int)r.Actual.Op, Text(r.Actual.Value), r.Actual.Unit, (int)r.Actual.Kind, Text(r.Points),
                Text(r.Score), r.Explanation, r.Line,
            })),
        new("notes",
            ["form", "ordinal", "kind", "text", "line"],
            ["form", "ordinal", "kind", "line"],
            (n, f) => f.Notes.Select((x, i) => new object?[] { n, i, (int)x.Kind, x.Text, x.Line })),
    ];

    /// <summary>A target's way of writing the rows: begin a table's rows (a COPY), write one, end them.</summary>
    public interface IWriter
    {
        /// <summary>Forms parsed ahead of each chunk of writes.</summary>
        int ChunkForms { get; }

        Task BeginAsync(int table, CancellationToken ct);

        void Write(object?[] values);

        Task EndAsync(CancellationToken ct);
    }

    /// <summary>Every form's rows through <paramref name="writer"/>, timed by <paramref name="timer"/>, which runs on
    /// entry and on return and is stopped while forms are parsed (their content fingerprints too).</summary>
    public static async Task<(long[] Rows, TimeSpan IndicatorRowsWall)> WriteAsync(IReadOnlyList<string> files,
        BenchTimer timer, IWriter writer, CancellationToken ct)
    {
        var rows = new long[Tables.Count];
        var indicatorRows = new Stopwatch();
        for (var start = 0; start < files.Count; start += writer.ChunkForms)
        {
            timer.Stop();
            var forms = new List<(int Number, EvaluationForm Form)>();
            for (var n = start; n < Math.Min(files.Count, start + writer.ChunkForms); n++)
            {
                var form = FormReader.Read(files[n]);
                FormFingerprint.Of(form);
                forms.Add((n, form));
            }

            timer.Start();
            for (var t = 0; t < Tables.Count; t++)
            {
                if (t == IndicatorRowsTable)
                {
                    indicatorRows.Start();
                }

                await writer.BeginAsync(t, ct);
                foreach (var (number, form) in forms)
                {
                    foreach (var values in Tables[t].Rows(number, form))
                    {
                        writer.Write(values);
                        rows[t]++;
                    }
                }

                await writer.EndAsync(ct);
                indicatorRows.Stop();
            }
        }

        return (rows, indicatorRows.Elapsed);
    }

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
