namespace PerfEvalAnalytics.Domain;

/// <summary>年度总体目标: the planned goal and what the unit says it achieved.</summary>
/// <param name="Planned">年初设定目标 / 预期目标.</param>
/// <param name="Achieved">全年完成情况 / 实际完成情况.</param>
/// <param name="Line">1-based source line of the goal texts.</param>
public sealed record FormGoals(string? Planned, string? Achieved, int Line);
