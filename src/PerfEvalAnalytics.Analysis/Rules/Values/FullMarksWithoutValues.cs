using PerfEvalAnalytics.Analysis.Metrics;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Analysis.Rules.Values;

/// <summary>Q6 无目标无完成值却得满分: a row with 分值 &gt; 0 and full marks but neither 年度指标值 nor 全年完成值.</summary>
/// <remarks>
/// Nothing on the form supports the score: no target to meet and no result to show. When the first row of the row's
/// level-1 block carries a remark (the reference form's 投入管理指标 block says 根据沪财绩【2022】13号文的规定要求设置三级指标和指标值),
/// the message quotes it: the remark asks for indicators and values, which the rows then do not give. The rule has
/// nothing to tune.
/// </remarks>
public sealed class FullMarksWithoutValues : IFormRule
{
    public static RuleInfo Rule { get; } = new("Q6", "无目标无完成值却得满分", "Full marks with no target and no actual", "Q");

    public RuleInfo Info => Rule;

    public IEnumerable<Finding> Evaluate(EvaluationForm form)
    {
        var blockStart = 0;
        string? level1 = null;
        foreach (var row in form.Indicators)
        {
            if (!string.Equals(row.Level1, level1, StringComparison.Ordinal))
            {
                level1 = row.Level1;
                blockStart = row.Line;
            }

            if (row.Target.Kind != ValueKind.Empty || row.Actual.Kind != ValueKind.Empty
                || !RowAssessment.Of(row).FullMarks)
            {
                continue;
            }

            var remark = form.Notes.FirstOrDefault(n => n.Kind == NoteKind.Remark && n.Line == blockStart);
            var note = remark is null ? string.Empty : $"；{row.Level1}首行（第{blockStart}行）的备注“{remark.Text}”要求设置三级指标和指标值，本行却均未设置";
            var noteEn = remark is null ? string.Empty : $"; the remark on the first row of {row.Level1} (line {blockStart}), '{remark.Text}', asks for indicators and values, which this row does not give";
            yield return Finding.ForRow(Rule, Severity.Medium, form, row,
                $"“{row.DisplayName}”未填年度指标值和全年完成值，却得满分（得分 {row.Score} = 分值 {row.Points}）：没有目标可对照、没有结果可核实{note}",
                $"'{row.DisplayName}' has neither target nor actual yet full marks (得分 {row.Score} = 分值 {row.Points}): there is nothing to check the score against{noteEn}",
                [new("points", (double)row.Points!.Value), new("score", (double)row.Score!.Value)]);
        }
    }
}
