namespace PerfEvalAnalytics.Analysis;

/// <summary>How strongly a finding suggests the form does not hold up (RULES.md severity scale).</summary>
public enum Severity
{
    /// <summary>Statistical or batch-level signal; context needed.</summary>
    Low,

    /// <summary>Likely quality or gaming problem; a reviewer should check the evidence.</summary>
    Medium,

    /// <summary>Arithmetic or rule violation that changes the score, or a hard data error.</summary>
    High,
}
