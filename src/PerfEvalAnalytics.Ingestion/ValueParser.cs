using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>
/// Parses a 年度指标值 or 全年完成值 cell into operator, number, unit and kind, keeping the raw text.
/// </summary>
/// <remarks>
/// Examples from filed forms: <c>=125.00(人)</c>, <c>≥85%</c>, <c>&lt;0.10(%)</c>, <c>40.00(件/人/年)</c>,
/// <c>0起</c>, <c>≧ 95</c>, <c>&gt;=90%</c>, <c>同比下降10%</c>, <c>及时</c>, <c>15:01:00</c>, <c>9月前</c>.
/// </remarks>
public static partial class ValueParser
{
    public static ParsedValue Parse(string? raw)
    {
        var trimmed = raw?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return ParsedValue.Empty;
        }

        if (trimmed.Length > CachedLength)
        {
            return ParseTrimmed(trimmed);
        }

        if (Cache.TryGetValue(trimmed, out var known))
        {
            return known;
        }

        var parsed = ParseTrimmed(trimmed);
        if (Volatile.Read(ref cached) < CacheLimit && Cache.TryAdd(trimmed, parsed))
        {
            Interlocked.Increment(ref cached);
        }

        return parsed;
    }

    /// <summary>Forgets the kept values, so that what follows runs as in a fresh process (benchmarks, tests).</summary>
    public static void ClearCache()
    {
        Cache.Clear();
        Volatile.Write(ref cached, 0);
    }

    /// <summary>Values this short are kept once parsed: targets and actuals repeat across rows, forms and units
    /// (≥95%, 及时, =100%, 达标 …), and a parse costs regular-expression matches and their captures.</summary>
    private const int CachedLength = 32;

    /// <summary>Values kept at most (about 4 MB; threads adding at once may overshoot by a few); later ones are
    /// parsed each time. The parse is a pure function of the text, so a kept result is the result.</summary>
    private const int CacheLimit = 16_384;

    private static readonly ConcurrentDictionary<string, ParsedValue> Cache = new(StringComparer.Ordinal);

    private static int cached;

    private static ParsedValue ParseTrimmed(string trimmed)
    {
        var s = NormalizeSymbols(trimmed);

        // The change's direction (下降, 上升 …) is in every relative target; the pattern runs only where one may be.
        var relative = s.AsSpan().IndexOfAny(DirectionStarts) >= 0 ? RelativeChange().Match(s) : Match.Empty;
        if (relative.Success)
        {
            var magnitude = decimal.Parse(relative.Groups["num"].Value, CultureInfo.InvariantCulture);
            var down = relative.Groups["dir"].Value is "下降" or "减少" or "降低";
            var unit = NormalizeUnit(relative.Groups["unit"].Value);
            return new ParsedValue(trimmed, ParseOperator(relative.Groups["op"].Value), down ? -magnitude : magnitude,
                unit, ValueKind.RelativeChange);
        }

        if (TimeLike().IsMatch(s))
        {
            return new ParsedValue(trimmed, ComparisonOperator.None, null, null, ValueKind.TimeLike);
        }

        var numeric = Numeric().Match(s);
        if (numeric.Success)
        {
            var number = decimal.Parse(numeric.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal),
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            var unit = NormalizeUnit(numeric.Groups["unit"].Success ? numeric.Groups["unit"].Value
                : numeric.Groups["bare"].Value);
            var kind = unit == "%" ? ValueKind.Percent : ValueKind.Numeric;
            return new ParsedValue(trimmed, ParseOperator(numeric.Groups["op"].Value), number, unit, kind);
        }

        if (!s.Any(char.IsAsciiDigit))
        {
            var op = QualitativeOperator().Match(s);
            return new ParsedValue(trimmed, op.Success ? ParseOperator(op.Value) : ComparisonOperator.None, null, null,
                ValueKind.Qualitative);
        }

        return new ParsedValue(trimmed, ComparisonOperator.None, null, null, ValueKind.Other);
    }

    /// <summary>Folds full-width forms and the operator variants seen in filed forms to one spelling.</summary>
    internal static string NormalizeSymbols(string text)
    {
        var s = Nfkc.Fold(text);
        if (s.AsSpan().IndexOfAny(Variants) < 0)
        {
            return s.Trim();
        }

        s = s.Replace("≧", "≥", StringComparison.Ordinal)
            .Replace("≦", "≤", StringComparison.Ordinal)
            .Replace("═", "=", StringComparison.Ordinal)
            .Replace(">=", "≥", StringComparison.Ordinal)
            .Replace("<=", "≤", StringComparison.Ordinal)
            .Replace("＞", ">", StringComparison.Ordinal)
            .Replace("＜", "<", StringComparison.Ordinal);
        return s.Trim();
    }

    /// <summary>The characters <see cref="NormalizeSymbols"/> replaces (the first of each pair it rewrites).</summary>
    private static readonly System.Buffers.SearchValues<char> Variants = System.Buffers.SearchValues.Create("≧≦═><＞＜");

    /// <summary>The first characters of the directions <see cref="RelativeChange"/> knows.</summary>
    private static readonly System.Buffers.SearchValues<char> DirectionStarts = System.Buffers.SearchValues.Create("下上增提减降");

    private static string? NormalizeUnit(string unit)
    {
        var u = unit.Trim();
        if (u.Length == 0)
        {
            return null;
        }

        return u is "%" or "％" or "百分比" or "百分之" ? "%" : u;
    }

    private static ComparisonOperator ParseOperator(string op) => OperatorSymbols.Parse(op);

    // op? number (unit in brackets | bare unit without digits)
    [GeneratedRegex(@"^(?<op>[=≥>≤<])?\s*(?<num>[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?)\s*"
        + @"(?:[(（]\s*(?<unit>[^()（）]*?)\s*[)）]|(?<bare>[^\d\s()（）=≥>≤<][^\d()（）]*)?)$")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^(?<op>[=≥>≤<])?\s*(?:同比|环比|较上年|比上年|较去年|年环比)?\s*(?<dir>下降|上升|增长|提高|减少|降低)"
        + @"\s*(?<num>\d+(?:\.\d+)?)\s*(?<unit>%|百分比|个百分点)?$")]
    private static partial Regex RelativeChange();

    // 15:01:00, 2024-06-30, 2024/6/30, 2019年, 9月前, 11月底, 6月30日前, 12月31日
    [GeneratedRegex(@"^(?:[=≥>≤<])?\s*(?:\d{1,2}:\d{2}(?::\d{2})?|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
        + @"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:前|底|末|内|以前|之前)?|\d{1,2}月(?:\d{1,2}日)?(?:前|底|末|内|以前|之前|份)?"
        + @"|\d{1,2}日(?:前|内)?)$")]
    private static partial Regex TimeLike();

    [GeneratedRegex(@"^[=≥>≤<]")]
    private static partial Regex QualitativeOperator();
}
