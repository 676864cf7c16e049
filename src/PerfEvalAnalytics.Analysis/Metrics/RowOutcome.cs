namespace PerfEvalAnalytics.Analysis.Metrics;

/// <summary>Whether a row met its target, as far as the cells tell.</summary>
public enum RowOutcome
{
    /// <summary>Cannot be judged: no comparable target and actual.</summary>
    Unknown,

    /// <summary>The target was met (or exceeded in its direction).</summary>
    Met,

    /// <summary>The target was missed (the RULES.md notation "missed").</summary>
    Missed,
}
