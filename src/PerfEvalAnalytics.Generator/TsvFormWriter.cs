using System.Globalization;
using System.Text;
using PerfEvalAnalytics.Domain;

namespace PerfEvalAnalytics.Generator;

/// <summary>
/// Writes a generated form as tab-separated text: the department-wide form in the reference form's layout
/// (data/samples/2024_hongqiao-…_dept-overall.txt: 9 columns, 整体支出规模 with 资金来源/资金结构, 权重 column), the
/// project form in the national layout of the published Shanghai form (年度资金总额 line with 分值/执行率/得分).
/// Assigns every row's 1-based line.
/// </summary>
internal static class TsvFormWriter
{
    public const string SourceGroup = "资金来源";
    public const string StructureGroup = "资金结构";
    private const int Columns = 9;

    public static string Write(GenForm form) =>
        form.Kind == FormKind.DepartmentOverall ? Department(form) : Project(form);

    public static string Target(GenRow row, bool project) => row.TargetText ?? Format(row, row.Target, true, project);

    public static string Actual(GenRow row, bool project) => row.ActualText ?? Format(row, row.Actual, false, project);

    private static string Format(GenRow row, decimal value, bool target, bool project)
    {
        var op = target ? row.Op : string.Empty;
        if (row.Shape == Shape.Qualitative)
        {
            return target ? row.Template.Unit : row.Grade;
        }

        var unit = row.Template.Unit;
        if (project)
        {
            return row.IsPercent
                ? Inv($"{op}{value:0.##}%")
                : Inv($"{op}{value:0.##}{unit}");
        }

        // The reference form writes =125.00(人), =100.00(%), and ≥85% for satisfaction.
        return row.Shape == Shape.Satisfaction
            ? Inv($"{op}{value:0.##}%")
            : Inv($"{op}{value:0.00}({unit})");
    }

    private static string Department(GenForm form)
    {
        var w = new Writer();
        w.Blank();
        w.Blank();
        w.Row("《部门（单位）整体支出绩效自评表》");
        w.Row(Inv($"（{form.Year}年度）"));
        w.Row("单位名称", string.Empty, form.Unit);
        w.Row("整体支出规模（元）", string.Empty, string.Empty, "全年预算数", string.Empty, "全年执行数", string.Empty, "执行率(%)");
        string? group = null;
        var index = 0;
        foreach (var line in form.Budget)
        {
            index = line.Group == group ? index + 1 : 1;
            var label = Inv($"（{index}）{line.Label}");
            if (line.Group != group)
            {
                label = $"{line.Group}：{label}";
                group = line.Group;
            }

            line.Line = w.Row(string.Empty, string.Empty, label, Money(line.Annual), string.Empty, Money(line.Executed),
                string.Empty, Inv($"{line.FiledRate:0.00}"));
        }

        w.Row("年度总体目标", "年初设定目标", string.Empty, string.Empty, string.Empty, "全年完成情况");
        form.GoalsLine = w.Row(string.Empty, form.Planned, string.Empty, string.Empty, string.Empty, form.Achieved);
        w.Row("分解目标自评");
        w.Row("一级指标", "权重", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "偏差及原因分析");
        string? level1 = null;
        string? level2 = null;
        foreach (var row in form.Rows)
        {
            var l1 = row.Level1 == level1 ? string.Empty : row.Level1;
            var weight = l1.Length == 0 ? string.Empty : Inv($"{form.Weights![row.Level1]:0.##}");
            var l2 = row.Level2 == level2 && l1.Length == 0 ? string.Empty : row.Level2;
            level1 = row.Level1;
            level2 = row.Level2;
            row.Line = w.Row(l1, weight, l2, row.Name ?? string.Empty, Target(row, false), Actual(row, false),
                Points(row.Points), Points(row.Score), row.Explanation ?? string.Empty);
        }

        form.TotalLine = w.Row("总分", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
            Points(form.TotalPoints), Points(form.TotalScore));
        return w.ToString();
    }

    private static string Project(GenForm form)
    {
        var w = new Writer();
        w.Row("财政项目支出绩效自评表");
        w.Row(Inv($"({form.Year}年度)"));
        w.Row("项目名称", form.Project!);
        w.Row("主管部门", form.Supervisor ?? form.Unit, "实施单位", form.Unit);
        w.Row("项目资金 (元)", string.Empty, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分");
        foreach (var line in form.Budget)
        {
            var scored = line.Points is not null;
            line.Line = w.Row(string.Empty, line.Label, Plain(line.Initial ?? 0m), Plain(line.Annual),
                Plain(line.Executed), scored ? Inv($"{line.Points:0.##}") : "—",
                scored ? Inv($"{line.FiledRate:0.00}%") : string.Empty,
                scored ? Inv($"{line.Score:0.##}") : string.Empty);
        }

        w.Row("年度总体目标", "预期目标", "实际完成情况");
        form.GoalsLine = w.Row(string.Empty, form.Planned, form.Achieved);
        w.Row("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施");
        string? level1 = null;
        string? level2 = null;
        foreach (var row in form.Rows)
        {
            var l1 = row.Level1 == level1 ? string.Empty : row.Level1;
            var l2 = row.Level2 == level2 && l1.Length == 0 ? string.Empty : row.Level2;
            level1 = row.Level1;
            level2 = row.Level2;
            row.Line = w.Row(string.Empty, l1, l2, row.Name ?? string.Empty, Target(row, true), Actual(row, true),
                Inv($"{row.Points:0.##}"), Inv($"{row.Score:0.##}"), row.Explanation ?? string.Empty);
        }

        form.TotalLine = w.Row("总分", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
            Inv($"{form.TotalPoints:0.##}"), Inv($"{form.TotalScore:0.##}"));
        return w.ToString();
    }

    private static string Money(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Plain(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Points(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Writer
    {
        private readonly StringBuilder _sb = new();
        private int _line;

        public void Blank()
        {
            _sb.Append('\n');
            _line++;
        }

        /// <summary>Writes one row padded to the form's width; returns its 1-based line.</summary>
        public int Row(params string[] cells)
        {
            for (var i = 0; i < Columns; i++)
            {
                if (i > 0)
                {
                    _sb.Append('\t');
                }

                if (i < cells.Length)
                {
                    _sb.Append(Clean(cells[i]));
                }
            }

            _sb.Append('\n');
            return ++_line;
        }

        public override string ToString() => _sb.ToString();

        private static string Clean(string cell) => cell.Replace('\t', ' ').Replace('\n', ' ');
    }
}
