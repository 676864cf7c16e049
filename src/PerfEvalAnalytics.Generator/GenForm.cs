using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Generator;

/// <summary>A budget line of a form being generated.</summary>
internal sealed class GenBudgetLine(string group, string label, decimal? initial, decimal annual, decimal executed)
{
    /// <summary>资金来源 / 资金结构 (department form) or empty (project form).</summary>
    public string Group { get; } = group;

    public string Label { get; } = label;

    public decimal? Initial { get; set; } = initial;

    public decimal Annual { get; set; } = annual;

    public decimal Executed { get; set; } = executed;

    /// <summary>The filed rate in percent; null computes it from B/A.</summary>
    public decimal? RateOverride { get; set; }

    /// <summary>分值 and 得分 of the 年度资金总额 line (project forms).</summary>
    public decimal? Points { get; set; }

    public decimal? Score { get; set; }

    public int Line { get; set; }

    public decimal Rate => Annual == 0m ? 0m : Math.Round(Executed / Annual * 100m, 2, MidpointRounding.AwayFromZero);

    public decimal FiledRate => RateOverride ?? Rate;
}

/// <summary>A form being generated.</summary>
internal sealed class GenForm
{
    public required FormKind Kind { get; init; }

    public required string Unit { get; init; }

    public required int Year { get; init; }

    public string? Project { get; init; }

    /// <summary>主管部门 (project forms).</summary>
    public string? Supervisor { get; init; }

    public required string FileName { get; init; }

    public List<GenBudgetLine> Budget { get; } = [];

    public string Planned { get; set; } = string.Empty;

    public string Achieved { get; set; } = string.Empty;

    public int GoalsLine { get; set; }

    public List<GenRow> Rows { get; } = [];

    /// <summary>Level-1 weights as filed (department form); null when the layout has no 权重 column.</summary>
    public Dictionary<string, decimal>? Weights { get; set; }

    /// <summary>A filed 总分 得分 that differs from the sum (an injected anomaly); null files the sum.</summary>
    public decimal? TotalScoreOverride { get; set; }

    public int TotalLine { get; set; }

    public GenBudgetLine? FundLine => Budget.FirstOrDefault(b => b.Points is not null);

    public decimal TotalPoints => Rows.Sum(r => r.Points) + (FundLine?.Points ?? 0m);

    public decimal SumScore => Rows.Sum(r => r.Score) + (FundLine?.Score ?? 0m);

    public decimal TotalScore => TotalScoreOverride ?? SumScore;

    /// <summary>B/A of the whole form.</summary>
    public decimal ExecutionRate
    {
        get
        {
            var lines = Kind == FormKind.Project
                ? Budget.Take(1).ToList()
                : Budget.Where(b => b.Group == TsvFormWriter.SourceGroup).ToList();
            var a = lines.Sum(b => b.Annual);
            return a == 0m ? 0m : lines.Sum(b => b.Executed) / a;
        }
    }
}
