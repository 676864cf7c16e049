using System.Globalization;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PerfEvalAnalytics.Analysis;
using PerfEvalAnalytics.Dashboard.Components.Shared;
using PerfEvalAnalytics.Dashboard.Localization;
using PerfEvalAnalytics.Dashboard.Services;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>
/// The settings page's editors without a server: S1's weight schemes from the settings JSON into the structured
/// editor and back (what the catalog binds), the totals and their flag, the messages naming scheme and field, and the
/// edits a save sends.
/// </summary>
public sealed class SettingsEditorTests : IDisposable
{
    private static readonly string RulesFile = Path.Combine(TestData.RepoRoot, "data", "settings", "rules.json");

    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;
    private readonly BunitContext _ctx = new();

    public SettingsEditorTests()
    {
        CultureInfo.CurrentUICulture = new CultureInfo(UiText.Chinese);
        _ctx.Services.AddSingleton<UiText>();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public void Dispose()
    {
        _ctx.Dispose();
        CultureInfo.CurrentUICulture = _culture;
    }

    private static IReadOnlyList<RuleSettingsView> Rules(string? json = null) =>
        RuleCatalog.Describe(json ?? File.ReadAllText(RulesFile), "test");

    /// <summary>S1's schemes as the catalog gives them for the committed rules file.</summary>
    private static JsonNode Shipped() =>
        Rules().Single(r => r.Info.Code == "S1").Settings.Single(s => s.Name == "Schemes").Value!;

    /// <summary>The schemes the catalog binds from <paramref name="schemesJson"/> put into S1's section.</summary>
    private static JsonNode? Bound(string schemesJson) =>
        Rules($$"""{ "Rules": { "S1": { "Schemes": {{schemesJson}} } } }""")
            .Single(r => r.Info.Code == "S1").Settings.Single(s => s.Name == "Schemes").Value;

    private static WeightSchemesEditor Editor() => WeightSchemesEditor.FromJson(Shipped());

    [Fact]
    public void FromJson_ThenToJson_GivesTheSameSchemes_AsTheCatalogBindsThem()
    {
        var json = Editor().ToJson();

        Assert.NotNull(json);
        Assert.True(JsonNode.DeepEquals(Shipped(), JsonNode.Parse(json)), json);
        Assert.True(JsonNode.DeepEquals(Shipped(), Bound(json)), json);
    }

    [Fact]
    public void FromJson_ShowsEveryFieldAsTyped()
    {
        var editor = Editor();

        var dept = editor.Schemes[0];
        var project = editor.Schemes[1];
        Assert.Equal(("SH-DEPT", "DepartmentOverall", "", "", "", "上海", "投入管理指标"),
            (dept.Id, dept.FormKind, dept.BudgetPoints, dept.FromYear, dept.ToYear, dept.UnitPrefixes, dept.SignatureBlocks));
        Assert.Equal(["投入管理指标=30", "产出指标=25", "效益指标=35", "满意度指标=10"], dept.Weights.Select(w => $"{w.Name}={w.Weight}"));
        Assert.Equal(("MOF-PROJ-2020", "Project", "10", "2020", ""), (project.Id, project.FormKind, project.BudgetPoints, project.FromYear, project.ToYear));
    }

    [Fact]
    public void Edits_AddedSchemeAndRows_AreWrittenBackAndBoundByTheCatalog()
    {
        var editor = Editor();
        WeightSchemesEditor.RemoveWeight(editor.Schemes[0], editor.Schemes[0].Weights[3]);
        editor.Schemes[0].Weights[0].Weight = "40.0"; // trailing zeros dropped: the same weight as 40
        var added = editor.AddScheme();
        added.Id = " BJ-PROJ ";
        added.FormKind = "Project";
        added.Weights[0].Name = "产出指标";
        added.Weights[0].Weight = "60";
        var row = WeightSchemesEditor.AddWeight(added);
        (row.Name, row.Weight) = ("效益指标", "30.5");
        (added.BudgetPoints, added.FromYear, added.ToYear) = ("9.5", "2021", "2025");
        added.UnitPrefixes = "北京\n 北京市 ，天津";

        var json = editor.ToJson()!;
        var bound = Bound(json)!.AsArray();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), bound), json);
        Assert.Equal(3, bound.Count);
        Assert.Equal("""{"投入管理指标":40,"产出指标":25,"效益指标":35}""", bound[0]!["Weights"]!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var b = bound[2]!;
        Assert.Equal(("BJ-PROJ", "Project", 9.5m, 2021, 2025), ((string?)b["Id"], (string?)b["FormKind"], (decimal?)b["BudgetPoints"], (int?)b["FromYear"], (int?)b["ToYear"]));
        Assert.Equal(["北京", "北京市", "天津"], b["UnitPrefixes"]!.AsArray().Select(p => (string?)p));
        Assert.Null(b["SignatureBlocks"]);
    }

    [Fact]
    public void RemoveScheme_LastOne_WritesAnEmptyList()
    {
        var editor = Editor();
        editor.RemoveScheme(editor.Schemes[1]);
        editor.RemoveScheme(editor.Schemes[0]);

        Assert.Equal("[]", editor.ToJson());
        Assert.Empty(Bound("[]")!.AsArray());
    }

    [Fact]
    public void Total_ShippedSchemes_Are100_IncludingTheBudgetPoints()
    {
        var editor = Editor();

        Assert.Equal([100m, 100m], editor.Schemes.Select(WeightSchemesEditor.Total));
        Assert.Equal((90m, 10m), (WeightSchemesEditor.WeightSum(editor.Schemes[1]), WeightSchemesEditor.BudgetPointsOf(editor.Schemes[1])));
        Assert.DoesNotContain(editor.Schemes, s => WeightSchemesEditor.IsOffTotal(s, 100m));
    }

    [Theory]
    [InlineData("20", 95, true)]
    [InlineData("25.0", 100, false)]
    [InlineData("abc", 75, true)] // not a number: counted as 0, and reported by Validate
    public void IsOffTotal_FlagsASchemeNotSummingToTheExpectedTotal(string weight, int total, bool off)
    {
        var scheme = Editor().Schemes[0];
        scheme.Weights[1].Weight = weight;

        Assert.Equal(total, WeightSchemesEditor.Total(scheme));
        Assert.Equal(off, WeightSchemesEditor.IsOffTotal(scheme, 100m));
    }

    public static TheoryData<Action<WeightSchemesEditor>, string> Invalid => new()
    {
        { e => e.Schemes[0].Id = " ", "权重方案 #1：方案编号（Id）不能为空" },
        { e => e.Schemes[1].Id = "SH-DEPT", "权重方案 SH-DEPT：方案编号（Id）与前面的方案重复" },
        { e => e.Schemes[0].FormKind = "Other", "权重方案 SH-DEPT：表单类型（FormKind）“Other”无效，应为 DepartmentOverall, Project 之一" },
        { e => e.Schemes[0].Weights.Clear(), "权重方案 SH-DEPT：一级指标权重（Weights）至少需要一行" },
        { e => e.Schemes[0].Weights[2].Name = "", "权重方案 SH-DEPT：一级指标权重（Weights）第 3 行缺少一级指标名称" },
        { e => e.Schemes[0].Weights[2].Name = "产出指标", "权重方案 SH-DEPT：一级指标“产出指标”在权重表（Weights）中出现两次" },
        { e => e.Schemes[0].Weights[1].Weight = "abc", "权重方案 SH-DEPT：一级指标“产出指标”的权重（Weights）“abc”不是大于等于 0 的数字" },
        { e => e.Schemes[0].Weights[1].Weight = "-5", "权重方案 SH-DEPT：一级指标“产出指标”的权重（Weights）“-5”不是大于等于 0 的数字" },
        { e => e.Schemes[0].Weights[1].Weight = "", "权重方案 SH-DEPT：一级指标“产出指标”的权重（Weights）“”不是大于等于 0 的数字" },
        { e => e.Schemes[1].BudgetPoints = "十", "权重方案 MOF-PROJ-2020：预算执行率分值（BudgetPoints）“十”不是大于等于 0 的数字" },
        { e => e.Schemes[1].FromYear = "20", "权重方案 MOF-PROJ-2020：起始年度（FromYear）“20”不是四位数年份" },
        { e => e.Schemes[1].ToYear = "2020.5", "权重方案 MOF-PROJ-2020：截止年度（ToYear）“2020.5”不是四位数年份" },
        { e => e.Schemes[1].ToYear = "2019", "权重方案 MOF-PROJ-2020：起始年度（FromYear）2020 晚于截止年度（ToYear）2019" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadField_NamesTheSchemeAndField_AndNothingIsWritten(Action<WeightSchemesEditor> spoil,
        string expected)
    {
        var editor = Editor();
        spoil(editor);

        var problems = editor.Validate(new UiText());

        Assert.Equal([expected], problems);
        Assert.Null(editor.ToJson());
    }

    [Fact]
    public void Validate_InEnglish_NamesTheSchemeAndField()
    {
        var editor = Editor();
        editor.Schemes[1].Weights[0].Weight = "x";
        CultureInfo.CurrentUICulture = new CultureInfo(UiText.English);

        var problems = editor.Validate(new UiText());

        Assert.Equal(["Weight scheme MOF-PROJ-2020: the weight (Weights) of 产出指标, 'x', is not a number ≥ 0"], problems);
    }

    [Fact]
    public void Validate_ShippedSchemes_HaveNoProblems() => Assert.Empty(Editor().Validate(new UiText()));

    [Fact]
    public void SettingsEditor_Untouched_HasNoChanges()
    {
        var editor = new SettingsEditor(Rules());

        var edit = editor.Changes(new UiText());

        Assert.Equal("S1.Schemes", editor.SchemesKey);
        Assert.False(editor.HasEdits);
        Assert.Empty(edit.Changes);
        Assert.Empty(edit.Problems);
        Assert.Equal(100m, editor.SchemesTotal);
    }

    [Fact]
    public void SettingsEditor_EditedScheme_SendsOneChangeOfTheSchemes_WithTheOtherEdits()
    {
        var editor = new SettingsEditor(Rules());
        editor.Schemes!.Schemes[1].Weights[0].Weight = "45";
        editor.Set("T1.Enabled", "false");
        editor.Set("S1.ExpectedTotal", "95");

        var edit = editor.Changes(new UiText());

        Assert.Equal(["S1.ExpectedTotal", "S1.Schemes", "T1.Enabled"], edit.Changes.Select(c => $"{c.Code}.{c.Key}").Order(StringComparer.Ordinal));
        var schemes = edit.Changes.Single(c => c.Key == "Schemes").Text;
        Assert.Equal(45m, (decimal?)Bound(schemes)![1]!["Weights"]!["产出指标"]);
        Assert.True(editor.IsChanged("S1.Schemes"));
        Assert.Equal(95m, editor.SchemesTotal);
    }

    [Fact]
    public void SettingsEditor_SchemesEditedBackToTheirValues_AreNoChange()
    {
        var editor = new SettingsEditor(Rules());
        var row = editor.Schemes!.Schemes[0].Weights[0];
        row.Weight = "31";
        row.Weight = "30.00";

        Assert.False(editor.IsChanged("S1.Schemes"));
        Assert.Empty(editor.Changes(new UiText()).Changes);
    }

    [Fact]
    public void SettingsEditor_InvalidScheme_IsRefusedBeforeSending_NamingTheSchemeAndField()
    {
        var editor = new SettingsEditor(Rules());
        editor.Set("T1.Enabled", "false");
        editor.Schemes!.Schemes[0].Weights[0].Name = "";

        var edit = editor.Changes(new UiText());

        Assert.Empty(edit.Changes);
        Assert.Equal(["权重方案 SH-DEPT：一级指标权重（Weights）第 1 行缺少一级指标名称"], edit.Problems);
        Assert.True(editor.IsChanged("S1.Schemes"));
    }

    [Fact]
    public void WeightSchemesInput_OffTotal_IsFlagged_AndEditingAWeightUpdatesTheTotal()
    {
        var editor = Editor();
        var changed = 0;
        var cut = _ctx.Render<WeightSchemesInput>(p => p.Add(x => x.Editor, editor).Add(x => x.ExpectedTotal, 100m)
            .Add(x => x.OnChanged, () => changed++));

        Assert.Empty(cut.FindAll("tr.total-off"));
        cut.Find("[data-testid=scheme-1-weight-0]").Input("40");

        Assert.Equal(1, changed);
        var total = cut.Find("[data-testid=scheme-1-total]");
        Assert.Contains("total-off", total.ClassName, StringComparison.Ordinal);
        Assert.Contains("合计 90（权重 80 + 预算执行率 10）", total.TextContent, StringComparison.Ordinal);
        Assert.Contains("≠ 100", total.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightSchemesInput_AddAndRemove_ChangeTheSchemesAndRows()
    {
        var editor = Editor();
        var cut = _ctx.Render<WeightSchemesInput>(p => p.Add(x => x.Editor, editor));

        cut.Find("[data-testid=schemes-add]").Click();
        cut.Find("[data-testid=scheme-0-add-block]").Click();
        cut.Find("[data-testid=scheme-1-remove-0]").Click();

        Assert.Equal(3, editor.Schemes.Count);
        Assert.Equal(5, editor.Schemes[0].Weights.Count);
        Assert.Equal(["效益指标", "满意度指标"], editor.Schemes[1].Weights.Select(w => w.Name));
        Assert.Equal(3, cut.FindAll("fieldset.scheme").Count);
    }

    [Fact]
    public void WeightSchemesInput_ReadOnly_HasNoButtons_AndLockedInputs()
    {
        var cut = _ctx.Render<WeightSchemesInput>(p => p.Add(x => x.Editor, Editor()).Add(x => x.ReadOnly, true));

        Assert.Empty(cut.FindAll("button"));
        Assert.All(cut.FindAll("input, textarea"), i => Assert.True(i.HasAttribute("readonly"), i.OuterHtml));
        Assert.All(cut.FindAll("select"), s => Assert.True(s.HasAttribute("disabled"), s.OuterHtml));
        Assert.Equal("DepartmentOverall", cut.Find("[data-testid=scheme-0-kind]").GetAttribute("value"));
    }

    private static SettingDiff SchemesChange(Action<WeightSchemesEditor> edit)
    {
        var editor = Editor();
        edit(editor);
        return new SettingDiff("S1", "Schemes", Shipped(), JsonNode.Parse(editor.ToJson()!));
    }

    [Fact]
    public void SettingChangeText_Scalar_IsOneLine() =>
        Assert.Equal(["S5.Enabled false → true"],
            SettingChangeText.Describe(new SettingDiff("S5", "Enabled", JsonValue.Create(false), JsonValue.Create(true))));

    [Fact]
    public void SettingChangeText_OneWeightOfAScheme_NamesSchemeAndBlock()
    {
        var change = SchemesChange(e => e.Schemes[1].Weights[0].Weight = "45");

        Assert.Equal(["S1.Schemes[MOF-PROJ-2020].Weights.产出指标 50 → 45"], SettingChangeText.Describe(change));
    }

    [Fact]
    public void SettingChangeText_SchemesAddedRemovedAndReordered_AreNamedById()
    {
        var change = SchemesChange(e =>
        {
            var first = e.Schemes[0];
            e.RemoveScheme(first);
            var moved = e.AddScheme();
            (moved.Id, moved.FormKind, moved.UnitPrefixes, moved.SignatureBlocks) = (first.Id, first.FormKind, first.UnitPrefixes, "");
            moved.Weights.Clear();
            moved.Weights.AddRange(first.Weights);
            var added = e.AddScheme();
            (added.Id, added.Weights[0].Name, added.Weights[0].Weight) = ("X", "产出指标", "100");
        });

        Assert.Equal(
            [
                "S1.Schemes[SH-DEPT].SignatureBlocks [\"投入管理指标\"] → null",
                "S1.Schemes[X] null → {\"Id\":\"X\",\"FormKind\":\"Project\",\"Weights\":{\"产出指标\":100},\"BudgetPoints\":null,\"FromYear\":null,\"ToYear\":null,\"UnitPrefixes\":null,\"SignatureBlocks\":null}",
                "S1.Schemes SH-DEPT, MOF-PROJ-2020 → MOF-PROJ-2020, SH-DEPT, X",
            ],
            SettingChangeText.Describe(change));
    }
}
