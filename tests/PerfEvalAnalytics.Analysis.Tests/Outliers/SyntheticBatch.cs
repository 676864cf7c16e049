using System.Globalization;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Tests.Outliers;

/// <summary>
/// Deterministic batches for ML1: ordinary department forms with small natural variation (execution rate 90–98%,
/// 0–2 exact hits out of six quantitative rows, one row a little under full marks, an occasional missed row), and
/// variants that stand out.
/// </summary>
internal static class SyntheticBatch
{
    private const string Explanation = "受项目进度影响部分工作未完全达标，已制定整改措施并在下一年度落实";

    public static RuleInfo OtherRule { get; } = new("T0", "测试规则", "test rule", "S");

    /// <summary>Form <paramref name="i"/> of an ordinary batch.</summary>
    public static EvaluationForm Ordinary(int i)
    {
        var rate = 0.90m + (0.01m * ((i * 7) % 9));
        var b = Builder(i, rate);
        var exact = i % 3;
        for (var j = 0; j < 6; j++)
        {
            var target = 100 + (10 * j);
            var missed = i % 4 == 0 && j == 4;
            var actual = j < exact ? target : missed ? target - 5 : target + 1 + (((i + j) % 5) * 2);
            var underScored = j == 5;
            var score = missed ? 8m : underScored ? 10m - (0.5m * (1 + (i % 4))) : 10m;
            var explanation = missed || underScored ? Explanation : null;
            b.Row("数量指标", $"服务人次{j + 1}", $"≥{target}(人)", $"{actual}(人)", 10m, score, explanation);
        }

        return Finish(b, 2 + (i % 2));
    }

    /// <summary>The odd one: 55% executed, every target hit exactly, everything at full marks (总分 100), no
    /// explanations.</summary>
    public static EvaluationForm Odd(int i)
    {
        var b = Builder(i, 0.55m);
        for (var j = 0; j < 6; j++)
        {
            var target = 100 + (10 * j);
            b.Row("数量指标", $"服务人次{j + 1}", $"≥{target}(人)", $"{target}(人)", 10m, 10m);
        }

        return Finish(b, 2);
    }

    /// <summary>Mildly unusual: 88% executed (just below the batch's range) and two exact hits.</summary>
    public static EvaluationForm Mild(int i)
    {
        var b = Builder(i, 0.88m);
        for (var j = 0; j < 6; j++)
        {
            var target = 100 + (10 * j);
            var actual = j < 2 ? target : target + 3;
            var score = j == 5 ? 9m : 10m;
            b.Row("数量指标", $"服务人次{j + 1}", $"≥{target}(人)", $"{actual}(人)", 10m, score,
                j == 5 ? Explanation : null);
        }

        return Finish(b, 3);
    }

    /// <summary>Forms 0 … count−1 of the ordinary batch.</summary>
    public static List<EvaluationForm> Ordinaries(int count) => [.. Enumerable.Range(0, count).Select(Ordinary)];

    /// <summary>What other rules found: one High on every tenth form, one Medium on every third.</summary>
    public static List<Finding> OtherFindings(IEnumerable<EvaluationForm> forms)
    {
        var list = new List<Finding>();
        var i = 0;
        foreach (var form in forms)
        {
            if (i % 10 == 0)
            {
                list.Add(Finding.ForForm(OtherRule, Severity.High, form, null, $"测试", $"test", []));
            }

            if (i % 3 == 0)
            {
                list.Add(Finding.ForForm(OtherRule, Severity.Medium, form, null, $"测试", $"test", []));
            }

            i++;
        }

        return list;
    }

    private static FormBuilder Builder(int i, decimal rate)
    {
        var annual = 1_000_000m + (10_000m * i);
        var executed = Math.Round(annual * rate, 2);
        var name = string.Create(CultureInfo.InvariantCulture, $"示例街道第{i:00}社区事务受理服务中心");
        return FormBuilder.Department()
            .Unit(name)
            .File(string.Create(CultureInfo.InvariantCulture, $"2024_unit{i:00}_dept-overall.txt"))
            .Budget("财政拨款", annual, executed, Math.Round(executed / annual * 100m, 2))
            .Level1("产出指标", 50m);
    }

    private static EvaluationForm Finish(FormBuilder b, int qualitative)
    {
        b.Level1("效益指标", 30m);
        for (var k = 0; k < qualitative; k++)
        {
            b.Row("社会效益指标", $"服务质量{k + 1}", "提升", "达成年度指标", 5m, 5m);
        }

        return b.Level1("满意度指标", 10m).Row("服务对象满意度指标", "群众满意度", "=100(%)", "100(%)", 5m, 5m).Build();
    }
}
