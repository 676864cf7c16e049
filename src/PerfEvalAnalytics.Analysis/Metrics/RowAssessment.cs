using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>
/// The facts about one indicator row that most rules need, computed once (house style "prepare, then judge").
/// </summary>
/// <param name="Row">The row.</param>
/// <param name="Target">T: the target number when target and actual are both numbers in comparable units.</param>
/// <param name="Actual">X: the actual number, under the same condition.</param>
/// <param name="Op">The target's operator; <see cref="ComparisonOperator.None"/> is read as ≥ (a positive indicator).</param>
/// <param name="Outcome">Met, missed or unknown.</param>
/// <param name="CompletionRatio">q = X/T for ≥, &gt;, = and none; q = T/X for ≤ and &lt;; null when undefined.</param>
/// <param name="IsCapped">The target is a cap where an exact hit is natural: =100% or ≥100%, or =0 / ≤0.</param>
/// <param name="ExactHit">X equals T exactly.</param>
/// <param name="FullMarks">得分 equals 分值 (within half a cent) and 分值 &gt; 0.</param>
public sealed record RowAssessment(
    IndicatorRow Row,
    decimal? Target,
    decimal? Actual,
    ComparisonOperator Op,
    RowOutcome Outcome,
    double? CompletionRatio,
    bool IsCapped,
    bool ExactHit,
    bool FullMarks)
{
    /// <summary>True when target and actual are comparable numbers.</summary>
    public bool IsQuantitative => Target is not null && Actual is not null;

    /// <summary>True when the operator points downwards (≤, &lt;): smaller is better.</summary>
    public bool IsReverse => Op is ComparisonOperator.LessOrEqual or ComparisonOperator.Less;

    public static RowAssessment Of(IndicatorRow row)
    {
        var fullMarks = row is { Points: > 0m, Score: not null }
            && row.Score.Value >= row.Points.Value - Tolerances.FullMarks;
        var (t, x) = Comparable(row.Target, row.Actual);
        var op = row.Target.Op;
        if (t is null || x is null)
        {
            return new RowAssessment(row, null, null, op, QualitativeOutcome(row), null, false, false, fullMarks);
        }

        var tv = t.Value;
        var xv = x.Value;
        var missed = op switch
        {
            ComparisonOperator.Greater => xv <= tv,
            ComparisonOperator.LessOrEqual => xv > tv,
            ComparisonOperator.Less => xv >= tv,
            // "=" is read as "reach" (pmkpi selfequalindex): =0 means none at all, =T>0 means at least T.
            ComparisonOperator.Equal => tv == 0m ? xv > 0m : xv < tv,
            _ => xv < tv,
        };
        double? q = op is ComparisonOperator.LessOrEqual or ComparisonOperator.Less
            ? (xv == 0m ? null : (double)(tv / xv))
            : (tv == 0m ? null : (double)(xv / tv));
        var capped = (row.Target.Kind == ValueKind.Percent && tv == 100m
                && op is ComparisonOperator.Equal or ComparisonOperator.GreaterOrEqual)
            || (tv == 0m && op is ComparisonOperator.Equal or ComparisonOperator.LessOrEqual
                or ComparisonOperator.Less);
        return new RowAssessment(row, tv, xv, op, missed ? RowOutcome.Missed : RowOutcome.Met, q, capped, xv == tv,
            fullMarks);
    }

    /// <summary>T and X when both are numbers of the same kind and unit (a missing actual unit takes the target's).</summary>
    private static (decimal? T, decimal? X) Comparable(ParsedValue target, ParsedValue actual)
    {
        if (!target.IsQuantitative || !actual.IsQuantitative || target.Value is null || actual.Value is null)
        {
            return (null, null);
        }

        if (target.Kind != actual.Kind)
        {
            return (null, null);
        }

        if (target.Unit is not null && actual.Unit is not null && target.Unit != actual.Unit)
        {
            return (null, null);
        }

        return (target.Value, actual.Value);
    }

    private static RowOutcome QualitativeOutcome(IndicatorRow row) => QualitativeGrade.Of(row) switch
    {
        QualitativeGrade.Grade.Achieved => RowOutcome.Met,
        QualitativeGrade.Grade.Partly or QualitativeGrade.Grade.NotAchieved => RowOutcome.Missed,
        _ => RowOutcome.Unknown,
    };
}
