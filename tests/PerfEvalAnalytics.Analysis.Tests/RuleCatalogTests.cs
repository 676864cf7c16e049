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
}
