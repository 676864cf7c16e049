namespace PerfEvalAnalytics.Generator;

/// <summary>One indicator row of a form being generated (mutable while anomalies are injected).</summary>
internal sealed class GenRow
{
    public GenRow(string level1, IndicatorTemplate template, decimal points, bool project)
    {
        Project = project;
        Level1 = level1;
        Template = template;
        Level2 = template.Level2;
        Name = template.Name;
        Points = points;
        Score = points;
        Op = template.Shape switch
        {
            Shape.Capped or Shape.ZeroCount => "=",
            Shape.Reverse => "≤",
            _ => "≥",
        };
    }

    public string Level1 { get; }

    /// <summary>Written in the project layout (values like ≥200人) rather than the department one (≥200.00(人)).</summary>
    public bool Project { get; }

    public IndicatorTemplate Template { get; }

    public Shape Shape => Template.Shape;

    public string Level2 { get; set; }

    public string? Name { get; set; }

    /// <summary>The operator written in front of the target (≥, =, ≤); empty for none.</summary>
    public string Op { get; set; }

    public decimal Target { get; set; }

    public decimal Actual { get; set; }

    /// <summary>For qualitative rows: the filed grade (达成指标, 部分达成指标 …).</summary>
    public string Grade { get; set; } = Wording.Achieved;

    public decimal Points { get; set; }

    public decimal Score { get; set; }

    public string? Explanation { get; set; }

    /// <summary>Filed target text that replaces the formatted one (an injected anomaly).</summary>
    public string? TargetText { get; set; }

    /// <summary>Filed actual text that replaces the formatted one (an injected anomaly).</summary>
    public string? ActualText { get; set; }

    /// <summary>Whether the target was met; set by the generator.</summary>
    public bool Missed { get; set; }

    /// <summary>1-based line in the written file.</summary>
    public int Line { get; set; }

    public bool IsQuantitative => Shape is not Shape.Qualitative;

    /// <summary>A target whose exact hit is natural (=100%, =0) and that rules on ratchets and bunching skip.</summary>
    public bool IsCapped => Shape is Shape.Capped or Shape.ZeroCount;

    public bool IsPercent => Shape is Shape.Rate or Shape.Capped or Shape.Satisfaction;

    /// <summary>The completion ratio q as the rules compute it (T/X for ≤).</summary>
    public decimal Ratio => Shape == Shape.Reverse
        ? (Actual == 0m ? 0m : Target / Actual)
        : (Target == 0m ? 0m : Actual / Target);

    public bool FullMarks => Score >= Points - 0.005m;

    /// <summary>The form's year (for <see cref="Registry"/>).</summary>
    public int Year { get; init; }

    /// <summary>Explanations already written, so that a new one is not a near-copy; null skips the check.</summary>
    public ExplanationRegistry? Registry { get; init; }
}
