namespace PerfEvalAnalytics.Analysis;

/// <summary>What a rule is: its catalog code and titles.</summary>
/// <param name="Code">Catalog code, e.g. S5 (RULES.md) or Q1 (rules this project added).</param>
/// <param name="Title">Chinese title, e.g. 执行率计算错误.</param>
/// <param name="TitleEn">English title.</param>
/// <param name="Family">The catalog group: S, C, E, T, M, X, L, Q or ML.</param>
public sealed record RuleInfo(string Code, string Title, string TitleEn, string Family);
