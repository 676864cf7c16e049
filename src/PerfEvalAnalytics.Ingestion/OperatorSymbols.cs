using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Ingestion;

/// <summary>The one spelling of each comparison operator, as users read it on the form.</summary>
public static class OperatorSymbols
{
    /// <summary>Parses a normalised symbol (=, ≥, &gt;, ≤, &lt;); anything else is <see cref="ComparisonOperator.None"/>.</summary>
    public static ComparisonOperator Parse(string? symbol) => symbol switch
    {
        "=" => ComparisonOperator.Equal,
        "≥" => ComparisonOperator.GreaterOrEqual,
        ">" => ComparisonOperator.Greater,
        "≤" => ComparisonOperator.LessOrEqual,
        "<" => ComparisonOperator.Less,
        _ => ComparisonOperator.None,
    };

    /// <summary>The symbol of <paramref name="op"/>; null for <see cref="ComparisonOperator.None"/>.</summary>
    public static string? ToSymbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.GreaterOrEqual => "≥",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.LessOrEqual => "≤",
        ComparisonOperator.Less => "<",
        _ => null,
    };
}
