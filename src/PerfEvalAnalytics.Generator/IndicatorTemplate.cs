namespace PerfEvalAnalytics.Generator;

/// <summary>An indicator a fictional unit may report.</summary>
/// <param name="Level2">二级指标.</param>
/// <param name="Name">三级指标.</param>
/// <param name="Shape">How it is measured.</param>
/// <param name="Unit">Unit of measure (人, 件, %, 元 …) or, for qualitative rows, the target word (及时, 提升 …).</param>
/// <param name="Min">Lowest first-year target.</param>
/// <param name="Max">Highest first-year target.</param>
internal sealed record IndicatorTemplate(string Level2, string Name, Shape Shape, string Unit, int Min, int Max);
