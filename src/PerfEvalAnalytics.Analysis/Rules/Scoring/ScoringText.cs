using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Scoring;

/// <summary>Wording shared by the score-recomputation rules (C family).</summary>
internal static class ScoringText
{
    /// <summary>The operator as printed on the form; a missing one reads as ≥ (a positive indicator).</summary>
    public static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.LessOrEqual => "≤",
        ComparisonOperator.Less => "<",
        ComparisonOperator.GreaterOrEqual => "≥",
        _ => "无比较符（按≥）",
    };

    /// <summary>English wording of <see cref="Symbol"/>.</summary>
    public static string SymbolEn(ComparisonOperator op) => op == ComparisonOperator.None
        ? "no operator (read as ≥)"
        : Symbol(op);
}
