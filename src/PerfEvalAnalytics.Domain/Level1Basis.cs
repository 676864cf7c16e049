namespace PerfEvalAnalytics.Domain;

/// <summary>How an indicator row got its 一级指标.</summary>
public enum Level1Basis
{
    /// <summary>The label is written on the row itself.</summary>
    Label,

    /// <summary>Carried down from the last label above (a merged cell).</summary>
    CarriedDown,

    /// <summary>
    /// Assigned by the standard framework from the row's 二级指标 (数量指标 belongs to 产出指标 …), because the
    /// carried-down label disagreed, e.g. when the level-1 label sits mid-block after a page break.
    /// </summary>
    Framework,
}
