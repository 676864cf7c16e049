namespace PerfEvalAnalytics.Data.Entities;

/// <summary>A row of the budget block.</summary>
public sealed class BudgetLineEntity
{
    public long Id { get; set; }

    public long FormId { get; set; }

    public int Ordinal { get; set; }

    public string? GroupLabel { get; set; }

    public required string Category { get; set; }

    public required string RawLabel { get; set; }

    public decimal? InitialBudget { get; set; }

    public decimal? AnnualBudget { get; set; }

    public decimal? Executed { get; set; }

    public decimal? ReportedRate { get; set; }

    public decimal? Points { get; set; }

    public decimal? Score { get; set; }

    public int Line { get; set; }
}
