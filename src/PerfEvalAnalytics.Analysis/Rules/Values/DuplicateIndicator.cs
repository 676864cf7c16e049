using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Values;

/// <summary>Q1 同一指标重复填报: the same 三级指标 is listed twice in one form, so its 分值 counts twice.</summary>
/// <remarks>
/// Names are compared after <see cref="Indicators.NormalizeText"/> (NFKC, letters and digits only), so full-width
/// brackets or stray spaces do not hide a repeat. Rows without a 三级指标 (e.g. 投入管理 rows scored at level 2) are
/// not compared: their 二级指标 labels are categories, not indicators. The rule has nothing to tune.
/// </remarks>
public sealed class DuplicateIndicator : IFormRule
{
    public static RuleInfo Rule { get; } = new("Q1", "同一指标重复填报", "Same indicator listed twice", "Q");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var first = new Dictionary<string, IndicatorRow>(StringComparer.Ordinal);
        foreach (var row in form.Indicators)
        {
            var key = Indicators.NormalizeText(row.Name);
            if (key.Length == 0)
            {
                continue;
            }

            if (!first.TryGetValue(key, out var earlier))
            {
                first[key] = row;
                continue;
            }

            var evidence = new List<KeyValuePair<string, double>> { new("firstLine", earlier.Line) };
            if (earlier.Points is { } firstPoints)
            {
                evidence.Add(new("firstPoints", (double)firstPoints));
            }

            if (row.Points is { } points)
            {
                evidence.Add(new("points", (double)points));
            }

            yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                $"三级指标“{row.Name}”在第{earlier.Line}行已填报（分值 {earlier.Points}），第{row.Line}行再次填报（分值 {row.Points}）：同一指标的分值被重复计算，每个三级指标在一张表中只应出现一次",
                $"Indicator '{row.Name}' is already listed at line {earlier.Line} (分值 {earlier.Points}) and again at line {row.Line} (分值 {row.Points}): its points count twice; each indicator should appear once per form",
                evidence);
        }
    }
}
