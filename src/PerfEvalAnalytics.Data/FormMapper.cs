using PerfEvalAnalytics.Data.Entities;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Data;

/// <summary>Domain form ↔ rows.</summary>
internal static class FormMapper
{
    public static FormEntity ToEntity(EvaluationForm form, string contentSha256, DateTime ingestedAtUtc) => new()
    {
        Year = form.Year,
        Kind = form.Kind,
        ProjectName = form.ProjectName ?? string.Empty,
        UnitNameAsFiled = form.UnitNameAsFiled ?? form.UnitName,
        CanonicalUnitName = form.UnitNameAsFiled is null ? null : form.UnitName,
        AmountUnit = form.AmountUnit,
        GoalPlanned = form.Goals?.Planned,
        GoalAchieved = form.Goals?.Achieved,
        GoalLine = form.Goals?.Line,
        TotalPoints = form.TotalPoints,
        TotalScore = form.TotalScore,
        TotalLine = form.TotalLine,
        Grade = form.Grade,
        IsIncomplete = form.IsIncomplete,
        IncompleteReason = form.IncompleteReason,
        IndicatorCount = form.Indicators.Count,
        FileName = form.Source.FileName,
        FileSha256 = form.Source.Sha256,
        ContentSha256 = contentSha256,
        Encoding = form.Source.Encoding,
        SourcePart = form.Source.Part,
        IngestedAtUtc = ingestedAtUtc,
    };

    public static List<BudgetLineEntity> BudgetLines(EvaluationForm form, long formId) =>
        form.BudgetLines.Select((b, i) => new BudgetLineEntity
        {
            FormId = formId,
            Ordinal = i,
            GroupLabel = b.Group,
            Category = b.Category,
            RawLabel = b.RawLabel,
            InitialBudget = b.InitialBudget,
            AnnualBudget = b.AnnualBudget,
            Executed = b.Executed,
            ReportedRate = b.ReportedRate,
            Points = b.Points,
            Score = b.Score,
            Line = b.Line,
        }).ToList();

    public static List<IndicatorRowEntity> IndicatorRows(EvaluationForm form, long formId) =>
        form.Indicators.Select((r, i) => new IndicatorRowEntity
        {
            FormId = formId,
            Ordinal = i,
            Level1 = r.Level1,
            Level1Weight = r.Level1Weight,
            Level1Basis = r.Level1Basis,
            Level2 = r.Level2,
            Name = r.Name,
            NameAsFiled = r.NameAsFiled,
            TargetRaw = r.Target.Raw,
            TargetOp = r.Target.Op,
            TargetValue = r.Target.Value,
            TargetUnit = r.Target.Unit,
            TargetKind = r.Target.Kind,
            ActualRaw = r.Actual.Raw,
            ActualOp = r.Actual.Op,
            ActualValue = r.Actual.Value,
            ActualUnit = r.Actual.Unit,
            ActualKind = r.Actual.Kind,
            Points = r.Points,
            Score = r.Score,
            Explanation = r.Explanation,
            Line = r.Line,
        }).ToList();

    public static List<FormNoteEntity> Notes(EvaluationForm form, long formId) =>
        form.Notes.Select((n, i) => new FormNoteEntity
        {
            FormId = formId,
            Ordinal = i,
            Kind = n.Kind,
            Text = n.Text,
            Line = n.Line,
        }).ToList();
}
