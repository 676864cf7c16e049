using System.Globalization;
using System.Text.RegularExpressions;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Values;

/// <summary>
/// Q2 数值为表格软件转换产物: a 年度指标值 or 全年完成值 that a spreadsheet produced by reformatting a number: a clock
/// time or a full date for an indicator that is not about time, or a date serial (5-digit integer) where a date or a
/// ratio was meant.
/// </summary>
/// <remarks>
/// A spreadsheet stores times as fractions of a day and dates as day counts from 1899-12-30: 0.6257 formatted as a
/// time shows 15:01:00, and 1/2 typed into a date-formatted cell becomes 45293. Once printed, the original number is
/// gone, so the row cannot be scored. Hand-written time targets (9月前, 2019年) are not artefacts and are left alone.
/// The date-serial check is deliberately narrow: the target must be a bare 5-digit integer in
/// [<see cref="Settings.SerialMin"/>, <see cref="Settings.SerialMax"/>] with no unit, the indicator must be about time
/// or a ratio, and the actual must not be such a number too (both serials would rather be a real count).
/// </remarks>
public sealed partial class SpreadsheetArtefact(SpreadsheetArtefact.Settings settings) : IFormRule
{
    /// <summary>Spreadsheet day count origin (1900 date system, valid for serials above 60).</summary>
    private static readonly DateOnly SerialOrigin = new(1899, 12, 30);

    /// <param name="SerialMin">Smallest date serial read as an artefact: 30000 = 1982-02-18 ([D]: forms from the 2010s
    /// on hold dates from about 40000; the margin keeps the window wide without reaching ordinary counts).</param>
    /// <param name="SerialMax">Largest date serial read as an artefact: 60000 = 2064-04-08 ([D]).</param>
    public sealed record Settings(int SerialMin = 30000, int SerialMax = 60000)
    {
        /// <summary>Words that make an indicator name about time, where a time or date is a legitimate value
        /// ([D]).</summary>
        public IReadOnlyList<string> TimeWords { get; init; } = ["时间", "时限", "时长", "日期", "时点", "月", "日"];

        /// <summary>Name endings that make an indicator a ratio, where a typed fraction may become a date
        /// ([D]).</summary>
        public IReadOnlyList<string> RatioSuffixes { get; init; } = ["率", "比", "比例"];
    }

    private readonly Settings _settings = Validate(settings);

    public static RuleInfo Rule { get; } = new("Q2", "数值为表格软件转换产物", "Value is a spreadsheet artefact", "Q");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        foreach (var row in form.Indicators)
        {
            var name = row.DisplayName;
            var aboutTime = _settings.TimeWords.Any(w => name.Contains(w, StringComparison.Ordinal));
            if (!aboutTime)
            {
                var cells = new[] { ("年度指标值", "target", row.Target), ("全年完成值", "actual", row.Actual) };
                var found = cells.Select(c => ClockOrDate(c.Item1, c.Item2, c.Item3)).OfType<Artefact>().ToList();
                if (found.Count > 0)
                {
                    yield return Report(form, row, found);
                    continue;
                }
            }

            var isRatio = _settings.RatioSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
            if ((aboutTime || isRatio) && Serial(row.Target) is { } serial && Serial(row.Actual) is null)
            {
                yield return Report(form, row, [SerialArtefact(row.Target, serial)]);
            }
        }
    }

    private static Settings Validate(Settings s)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(s.SerialMin, 1, nameof(s.SerialMin));
        ArgumentOutOfRangeException.ThrowIfLessThan(s.SerialMax, s.SerialMin, nameof(s.SerialMax));
        ArgumentNullException.ThrowIfNull(s.TimeWords, nameof(s.TimeWords));
        ArgumentNullException.ThrowIfNull(s.RatioSuffixes, nameof(s.RatioSuffixes));
        return s;
    }

    private static Finding Report(EvaluationForm form, IndicatorRow row, List<Artefact> found)
    {
        var zh = string.Join("；", found.Select(a => a.Zh));
        var en = string.Join("; ", found.Select(a => a.En));
        return Finding.ForRow(Rule, Severity.High, form, row,
            $"指标“{row.DisplayName}”：{zh}。这是表格软件把数值按时间/日期格式显示后的产物，原值已无法从表中看出，该行无法计分，应核对原始数据",
            $"Indicator '{row.DisplayName}': {en}. A spreadsheet reformatted the number as a time/date; the original value cannot be read from the form, so the row cannot be scored",
            found.SelectMany(a => a.Evidence));
    }

    /// <summary>A clock time or full date in a TimeLike cell, with the number the spreadsheet stored.</summary>
    private static Artefact? ClockOrDate(string label, string key, ParsedValue cell)
    {
        if (cell.Kind != ValueKind.TimeLike)
        {
            return null;
        }

        var text = Nfkc.Fold(cell.Raw).Trim();
        var clock = Clock().Match(text);
        if (clock.Success)
        {
            var seconds = (Int(clock, "h") * 3600) + (Int(clock, "m") * 60)
                + (clock.Groups["s"].Success ? Int(clock, "s") : 0);
            var fraction = seconds / 86400.0;
            return new Artefact(
                Finding.Invariant(
                    $"{label}“{cell.Raw}”是时刻格式，而指标名称与时间无关；按表格软件的存储方式它相当于数值 {fraction:0.####}（一天的 {fraction * 100:0.##}%）"),
                Finding.Invariant(
                    $"{label} '{cell.Raw}' is a clock time for an indicator not about time; a spreadsheet stores it as {fraction:0.####} ({fraction * 100:0.##}% of a day)"),
                [new($"{key}DayFraction", fraction)]);
        }

        var date = FullDate().Match(text);
        if (!date.Success)
        {
            return null;
        }

        var evidence = new List<KeyValuePair<string, double>>();
        var (y, m, d) = (Int(date, "y"), Int(date, "m"), Int(date, "d"));
        var serialText = string.Empty;
        var serialTextEn = string.Empty;
        if (m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            var serial = new DateOnly(y, m, d).DayNumber - SerialOrigin.DayNumber;
            evidence.Add(new($"{key}ExcelSerial", serial));
            serialText = Finding.Invariant($"；按表格软件的存储方式它相当于数值 {serial}");
            serialTextEn = Finding.Invariant($"; a spreadsheet stores it as {serial}");
        }

        return new Artefact($"{label}“{cell.Raw}”是完整日期，而指标名称与时间无关{serialText}",
            $"{label} '{cell.Raw}' is a full date for an indicator not about time{serialTextEn}", evidence);
    }

    /// <summary>A bare integer in the serial window, without a unit.</summary>
    private int? Serial(ParsedValue cell)
    {
        if (cell is not { Kind: ValueKind.Numeric, Unit: null, Value: { } value } || value != decimal.Truncate(value))
        {
            return null;
        }

        return value >= _settings.SerialMin && value <= _settings.SerialMax ? (int)value : null;
    }

    private Artefact SerialArtefact(ParsedValue target, int serial)
    {
        var date = SerialOrigin.AddDays(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Artefact(
            Finding.Invariant(
                $"年度指标值“{target.Raw}”是 {_settings.SerialMin}–{_settings.SerialMax} 之间的整数且无单位，而指标是比率或时间、全年完成值却不是这样的数：很可能是日期序列号（{serial} 即 {date}）"),
            Finding.Invariant(
                $"年度指标值 '{target.Raw}' is an integer in {_settings.SerialMin}-{_settings.SerialMax} without a unit, for a ratio or time indicator whose actual is not such a number: most likely a date serial ({serial} = {date})"),
            [
                new("targetExcelSerial", serial), new("serialMin", _settings.SerialMin),
                new("serialMax", _settings.SerialMax),
            ]);
    }

    private static int Int(Match match, string group) =>
        int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    // 15:01, 15:01:00 (optionally after an operator).
    [GeneratedRegex(@"^[=≥>≤<]?\s*(?<h>\d{1,2}):(?<m>\d{2})(?::(?<s>\d{2}))?$")]
    private static partial Regex Clock();

    // 2024-06-30, 2024/6/30, optionally followed by a time.
    [GeneratedRegex(@"^[=≥>≤<]?\s*(?<y>\d{4})(?<sep>[-/])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")]
    private static partial Regex FullDate();

    private sealed record Artefact(string Zh, string En, IReadOnlyList<KeyValuePair<string, double>> Evidence);
}
