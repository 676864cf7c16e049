using PerfEvalAnalytics.Domain;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Analysis.Tests;

/// <summary>
/// Readable forms for rule tests (eShop Builders.cs):
/// <c>FormBuilder.Department(2024).Budget("财政拨款", 100, 98.5m, 98.50m).Level1("产出指标", 25)
/// .Row("数量指标", "培训人数", "=125.00(人)", "125.00(人)", 0.5m, 0.5m).Build()</c>.
/// Values go through the real <see cref="ValueParser"/>, so a fixture reads like the form it stands for.
/// </summary>
internal sealed class FormBuilder
{
    private readonly List<BudgetLine> _budget = [];
    private readonly List<IndicatorRow> _rows = [];
    private readonly List<FormNote> _notes = [];
    private readonly FormKind _kind;
    private readonly int _year;
    private string _unit = "示例单位";
    private string? _project;
    private string _level1 = "产出指标";
    private decimal? _level1Weight = 100m;
    private FormGoals? _goals;
    private decimal? _totalPoints;
    private decimal? _totalScore;
    private bool _totalsSet;
    private string _fileName;
    private string? _grade;
    private int _line = 20;

    private FormBuilder(FormKind kind, int year)
    {
        _kind = kind;
        _year = year;
        _fileName = $"{year}_example.txt";
        _project = kind == FormKind.Project ? "示例项目" : null;
    }

    public static FormBuilder Department(int year = 2024) => new(FormKind.DepartmentOverall, year);

    public static FormBuilder Project(int year = 2024) => new(FormKind.Project, year);

    public FormBuilder Unit(string name)
    {
        _unit = name;
        return this;
    }

    public FormBuilder ProjectName(string? name)
    {
        _project = name;
        return this;
    }

    public FormBuilder File(string fileName)
    {
        _fileName = fileName;
        return this;
    }

    /// <summary>A budget line; rate in percent as filed (98.87 means 98.87%).</summary>
    public FormBuilder Budget(string category, decimal? annual, decimal? executed, decimal? rate,
        string? group = null, decimal? initial = null, decimal? points = null, decimal? score = null)
    {
        _budget.Add(new BudgetLine(group, category, category, initial, annual, executed, rate, points, score,
            7 + _budget.Count));
        return this;
    }

    /// <summary>自评等级 as filed (优/良/中/差).</summary>
    public FormBuilder Grade(string? grade)
    {
        _grade = grade;
        return this;
    }

    public FormBuilder Goals(string? planned, string? achieved)
    {
        _goals = new FormGoals(planned, achieved, 12);
        return this;
    }

    /// <summary>Starts a level-1 block: following rows belong to it.</summary>
    public FormBuilder Level1(string name, decimal? weight)
    {
        _level1 = name;
        _level1Weight = weight;
        return this;
    }

    public FormBuilder Row(string? level2, string? name, string? target, string? actual, decimal? points,
        decimal? score, string? explanation = null)
    {
        _rows.Add(new IndicatorRow(_level1, _level1Weight, Level1Basis.Label, level2, name,
            ValueParser.Parse(target), ValueParser.Parse(actual), points, score, explanation, _line++));
        return this;
    }

    /// <summary>Adds <paramref name="count"/> rows like <c>=100.00(%)</c> / <c>100.00(%)</c> with full marks.</summary>
    public FormBuilder MetRows(int count, decimal points, string level2 = "质量指标", string prefix = "合格率")
    {
        for (var i = 0; i < count; i++)
        {
            Row(level2, $"{prefix}{i + 1}", "=100.00(%)", "100.00(%)", points, points);
        }

        return this;
    }

    public FormBuilder Note(NoteKind kind, string text, int line)
    {
        _notes.Add(new FormNote(kind, text, line));
        return this;
    }

    /// <summary>Totals as filed; without this call they are the sums of the rows (and budget-line scores).</summary>
    public FormBuilder Totals(decimal? points, decimal? score)
    {
        _totalPoints = points;
        _totalScore = score;
        _totalsSet = true;
        return this;
    }

    public EvaluationForm Build()
    {
        var points = _totalsSet ? _totalPoints : _rows.Sum(r => r.Points ?? 0m) + _budget.Sum(b => b.Points ?? 0m);
        var score = _totalsSet ? _totalScore : _rows.Sum(r => r.Score ?? 0m) + _budget.Sum(b => b.Score ?? 0m);
        return new EvaluationForm(_kind, _unit, _year, _project, "元", _budget.ToList(), _goals, _rows.ToList(),
            points, score, _line + 1, _notes.ToList(),
            new SourceInfo(_fileName, $"sha-{_unit}-{_year}-{_project}", "utf-8"))
        {
            Grade = _grade,
        };
    }
}
