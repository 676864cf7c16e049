namespace PerfEvalAnalytics.Generator;

/// <summary>What sort of indicator a row is, which decides how its target and actual are written and scored.</summary>
internal enum Shape
{
    /// <summary>A count with a unit of measure, more is better: <c>≥125.00(人)</c>.</summary>
    Count,

    /// <summary>A rate in percent below the cap, more is better: <c>≥85.00(%)</c>.</summary>
    Rate,

    /// <summary>A rate that must be 100%: <c>=100.00(%)</c> (capped: an exact hit is natural).</summary>
    Capped,

    /// <summary>A count that must be zero: <c>=0.00(起)</c> (capped).</summary>
    ZeroCount,

    /// <summary>A cost or amount where less is better: <c>≤320.00(元)</c>.</summary>
    Reverse,

    /// <summary>A qualitative target such as 及时 or 提升, graded 达成 / 部分达成.</summary>
    Qualitative,

    /// <summary>服务对象满意度 in percent, more is better.</summary>
    Satisfaction,
}
