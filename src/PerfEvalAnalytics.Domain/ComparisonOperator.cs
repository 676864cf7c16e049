namespace PerfEvalAnalytics.Domain;

/// <summary>The comparison written in front of a target value (指标值的比较符).</summary>
public enum ComparisonOperator
{
    /// <summary>No operator was written (e.g. <c>40.00(件/人/年)</c>, <c>及时</c>).</summary>
    None,

    /// <summary><c>=</c> (also ═, ＝).</summary>
    Equal,

    /// <summary><c>≥</c> (also ≧, &gt;=).</summary>
    GreaterOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>≤</c> (also ≦, &lt;=).</summary>
    LessOrEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,
}
