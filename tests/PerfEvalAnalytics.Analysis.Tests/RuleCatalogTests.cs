using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Analysis.Tests;

public sealed class RuleCatalogTests
{
    [Fact]
    public void Default_EveryRuleHasUniqueCodeAndDocPage()
    {
        var catalog = RuleCatalog.Default();

        var codes = catalog.Rules.Select(r => r.Info.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        foreach (var code in codes)
        {
            Assert.True(File.Exists(Path.Combine(TestData.RepoRoot, "docs", "rules", code + ".md")),
                $"docs/rules/{code}.md is missing");
        }
    }

    [Fact]
    public void RulesIndex_ListsEveryRule()
    {
        var index = File.ReadAllText(Path.Combine(TestData.RepoRoot, "docs", "rules", "index.md"));

        foreach (var rule in RuleCatalog.Default().Rules)
        {
            Assert.Contains($"[{rule.Info.Code}]({rule.Info.Code}.md)", index, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_UnknownRuleCode_ErrorNamesTheCode()
    {
        var ex = Assert.Throws<RuleSettingsException>(() =>
            RuleCatalog.Create("""{ "Rules": { "S55": { "Enabled": false } } }""", "rules.json"));

        Assert.Contains("rules.json: Rules.S55: unknown rule code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownSetting_ErrorNamesTheKeyAndTheKnownOnes()
    {
        var ex = Assert.Throws<RuleSettingsException>(() =>
            RuleCatalog.Create("""{ "Rules": { "S5": { "ExtraTolerance": 1 } } }""", "rules.json"));

        Assert.Contains("Rules.S5.ExtraTolerance: unknown setting", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ExtraTolerancePp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownTopLevelKey_Fails()
    {
        Assert.Throws<RuleSettingsException>(() => RuleCatalog.Create("""{ "Rule": {} }""", "rules.json"));
    }

    [Fact]
    public void Create_DisabledRule_IsLeftOutAndChangesTheHash()
    {
        var all = RuleCatalog.Default();
        var without = RuleCatalog.Create("""{ "Rules": { "S5": { "Enabled": false } } }""", "rules.json");

        Assert.DoesNotContain(without.Rules, r => r.Info.Code == "S5");
        Assert.Contains(without.Disabled, r => r.Code == "S5");
        Assert.NotEqual(all.SettingsHash, without.SettingsHash);
    }

    [Fact]
    public void DefaultSettingsJson_RoundTripsToTheDefaultHash()
    {
        var json = RuleCatalog.DefaultSettingsJson();

        Assert.Equal(RuleCatalog.Default().SettingsHash, RuleCatalog.Create(json, "init").SettingsHash);
    }

    [Fact]
    public void CommittedRulesFile_Loads()
    {
        var path = Path.Combine(TestData.RepoRoot, "data", "settings", "rules.json");

        var catalog = RuleCatalog.FromFile(path);

        // The committed file spells out every default (perfeval init-settings); a changed default must be changed
        // there too, or users tuning their copy would start from stale values.
        Assert.Equal(RuleCatalog.Default().SettingsHash, catalog.SettingsHash);
        Assert.Equal(RuleCatalog.RuleTypes.Count, catalog.Rules.Count);
    }

    [Fact]
    public void DefaultSettingsJson_IsTheCommittedRulesFile()
    {
        var committed = File.ReadAllText(Path.Combine(TestData.RepoRoot, "data", "settings", "rules.json"));

        Assert.Equal(committed.ReplaceLineEndings("\n").TrimEnd(), RuleCatalog.DefaultSettingsJson().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Describe_ListsEveryRuleWithEachSettingsTypeDefaultAndValue()
    {
        const string json = """{ "Rules": { "S5": { "ExtraTolerancePp": 0.02 }, "T1": { "Enabled": false } } }""";

        var views = RuleCatalog.Describe(json, "t.json");

        Assert.Equal(RuleCatalog.RuleTypes.Count, views.Count);
        var s5 = Assert.Single(views, v => v.Info.Code == "S5");
        var extra = Assert.Single(s5.Settings, s => s.Name == "ExtraTolerancePp");
        Assert.Equal((typeof(decimal), "0", "0.02"), (extra.Type, extra.Default!.ToJsonString(), extra.Value!.ToJsonString()));
        Assert.True(s5.Enabled);
        Assert.False(Assert.Single(views, v => v.Info.Code == "T1").Enabled);
        Assert.True(Assert.Single(views, v => v.Info.Code == "C1").Settings.Single(s => s.Name == "Reverse").Type.IsEnum);
        Assert.Equal(typeof(IReadOnlyList<PerfEvalAnalytics.Domain.FormKind>),
            Assert.Single(views, v => v.Info.Code == "T6").Settings.Single(s => s.Name == "CostRequiredFor").Type);
    }

    [Fact]
    public void EffectiveSettingsJson_SpellsOutEverySetting_AndBindsToTheSameHash()
    {
        const string json = """{ "Rules": { "S5": { "ExtraTolerancePp": 0.02 }, "T1": { "Enabled": false } } }""";

        var effective = RuleCatalog.EffectiveSettingsJson(json, "t.json");

        Assert.Equal(RuleCatalog.Create(json, "t.json").SettingsHash, RuleCatalog.Create(effective, "e").SettingsHash);
        Assert.Contains("\"ExtraTolerancePp\": 0.02", effective, StringComparison.Ordinal);
        Assert.Contains("\"ScoreTolerance\"", effective, StringComparison.Ordinal);
        var error = Assert.Throws<RuleSettingsException>(() => RuleCatalog.Describe("""{ "Rules": { "Z9": {} } }""", "t.json"));
        Assert.StartsWith("t.json: Rules.Z9: unknown rule code", error.Message, StringComparison.Ordinal);
    }
}
